package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * RFM: each customer with an order scored 1 to 5 on recency (latest order), frequency (orders) and
 * monetary value (revenue) by quintile among the customers with an order at the same point in
 * time, and named by a segment a marketer reads (see {@link #segment} and the data dictionary).
 * Ties are broken by customer_id, so the scores are the same in every run.
 */
public final class Rfm {
  private Rfm() {}

  public static final String RECENCY = "rfm_recency";
  public static final String FREQUENCY = "rfm_frequency";
  public static final String MONETARY = "rfm_monetary";
  public static final String SEGMENT = "rfm_segment";
  /** The columns {@link #scored} adds, in order. */
  public static final List<String> COLUMNS = List.of(RECENCY, FREQUENCY, MONETARY, SEGMENT);

  public static final String NEW = "new";
  public static final String CHAMPIONS = "champions";
  public static final String LOYAL = "loyal";
  public static final String PROMISING = "promising";
  public static final String NEEDS_ATTENTION = "needs_attention";
  public static final String AT_RISK = "at_risk";
  public static final String HIBERNATING = "hibernating";
  /** Every segment, from the most to the least engaged. */
  public static final List<String> SEGMENTS =
      List.of(CHAMPIONS, LOYAL, NEW, PROMISING, NEEDS_ATTENTION, AT_RISK, HIBERNATING);

  private static final int QUINTILES = 5;
  private static final String CUSTOMERS = "_rfm_customers";

  /**
   * {@code rows} with the four RFM columns: scores among the rows of the same {@code group} (one
   * point in time) that have an order; null for a row without one.
   *
   * @param lastOrderAt the customer's latest order up to that point in time
   * @param orders the customer's orders up to then
   * @param monetary the customer's revenue up to then
   */
  public static Dataset<Row> scored(Dataset<Row> rows, List<Column> group, Column customerId, Column lastOrderAt,
      Column orders, Column monetary) {
    Column buyer = orders.gt(0);
    List<Column> partition = new ArrayList<>(group);
    partition.add(buyer.as("_buyer"));
    Column[] by = partition.toArray(Column[]::new);
    // The customers of each point in time, counted once: a window over a whole partition holds
    // every row of it, and one count per score would hold them three times.
    Column customers = col(CUSTOMERS);
    Column r = quintile(Window.partitionBy(by).orderBy(lastOrderAt, customerId), customers);
    Column f = quintile(Window.partitionBy(by).orderBy(orders, customerId), customers);
    // Revenue is a wide decimal (a sum), compared by decoding it: it is ordered by its double first,
    // which orders the same way (the conversion never reverses two values) and is compared as a
    // number, so the decimal is read only to break the ties of equal doubles.
    Column m = quintile(Window.partitionBy(by).orderBy(monetary.cast("double"), monetary, customerId), customers);
    return rows
        .withColumn(CUSTOMERS, count(lit(1)).over(Window.partitionBy(by)))
        .withColumn(RECENCY, when(buyer, r))
        .withColumn(FREQUENCY, when(buyer, f))
        .withColumn(MONETARY, when(buyer, m))
        .drop(CUSTOMERS)
        .withColumn(SEGMENT, segment(col(RECENCY), col(FREQUENCY), col(MONETARY), orders));
  }

  /**
   * ceil(5 x rank / customers): the quintile of the rank, 5 for the top fifth. Unlike Spark's
   * ntile, which numbers groups from 1, a group of fewer than five customers still reaches 5 (a
   * lone customer is the most recent, frequent and valuable one), and a customer's score does
   * not depend on how a remainder is spread.
   */
  private static Column quintile(WindowSpec w, Column customers) {
    return ceil(row_number().over(w).multiply(QUINTILES).divide(customers)).cast("int");
  }

  /**
   * The segment of scores r, f, m (1-5) and the order count; first match wins, with fm the mean
   * of f and m rounded half up:
   * new (r >= 4, one order), champions (r >= 4, fm >= 4), loyal (r >= 3, fm >= 3), promising
   * (r >= 4), needs_attention (r = 3), at_risk (r <= 2, fm >= 3), hibernating (the rest).
   */
  public static Column segment(Column r, Column f, Column m, Column orders) {
    Column fm = f.plus(m).plus(1).divide(2).cast("int");
    return when(r.isNull(), lit(null).cast("string"))
        .when(r.geq(4).and(orders.equalTo(1)), lit(NEW))
        .when(r.geq(4).and(fm.geq(4)), lit(CHAMPIONS))
        .when(r.geq(3).and(fm.geq(3)), lit(LOYAL))
        .when(r.geq(4), lit(PROMISING))
        .when(r.equalTo(3), lit(NEEDS_ATTENTION))
        .when(fm.geq(3), lit(AT_RISK))
        .otherwise(lit(HIBERNATING));
  }
}
