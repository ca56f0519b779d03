package io.cx.transform;

import static io.cx.ingest.EventContract.CUSTOMER_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.NPS;
import static io.cx.ingest.EventContract.SCORE;
import static io.cx.ingest.EventContract.SURVEY;
import static io.cx.ingest.EventContract.SURVEY_TYPE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The customer snapshot as of the run. */
public final class Customers {
  private Customers() {}

  /**
   * The snapshot of every customer seen in the events, with their RFM scores among all of them
   * and their attributes, if the run has any.
   */
  public static Dataset<Row> table(Dataset<Row> events, Dataset<Row> orders, TransformSettings s,
      java.util.Optional<Dataset<Row>> attributes) {
    return finish(base(events, orders, s), attributes);
  }

  /**
   * The snapshot's rows without the RFM columns, which are relative to every other customer: a
   * run by date derives these for the customers it affects and scores all customers again
   * ({@link #finish}).
   */
  public static Dataset<Row> base(Dataset<Row> events, Dataset<Row> orders, TransformSettings s) {
    return fromSeen(seen(events), orders, s);
  }

  /**
   * When each customer_id was first and last seen in {@code events} and their latest NPS score,
   * with {@link #NPS_ORDER}, the time order of that answer (null without one), so that the
   * figures of two spans of events can be combined.
   */
  public static Dataset<Row> seen(Dataset<Row> events) {
    Column isNps = col(EVENT_TYPE).equalTo(SURVEY).and(col(SURVEY_TYPE).equalTo(NPS));
    return events.where(col(CUSTOMER_ID).isNotNull()).groupBy(col(CUSTOMER_ID)).agg(
        min(col(EVENT_TIME)).as(CustomersContract.FIRST_SEEN_AT),
        max(col(EVENT_TIME)).as(CustomersContract.LAST_SEEN_AT),
        max_by(col(SCORE), when(isNps, Columns.inTimeOrder())).as(CustomersContract.LATEST_NPS),
        max(when(isNps, Columns.inTimeOrder())).as(NPS_ORDER));
  }

  /** The time order of a customer's latest NPS answer in {@link #seen}. */
  public static final String NPS_ORDER = "_nps_order";

  /**
   * {@link #base} from the {@link #seen} figures of every customer (customer_id, first and last
   * seen, latest NPS; other columns are dropped).
   */
  public static Dataset<Row> fromSeen(Dataset<Row> seen, Dataset<Row> orders, TransformSettings s) {
    return fromSeenAndBought(seen, bought(orders, s), s);
  }

  /** The customer_id of a row of {@link #bought}. */
  public static final String BOUGHT_CUSTOMER = "_customer";
  /** The revenue of a row of {@link #bought}: the amounts in the reporting currency, summed (null for none). */
  public static final String BOUGHT_REVENUE = "_revenue";
  /** The refunds of a row of {@link #bought}: the refunded amounts in the reporting currency, summed (null for none). */
  public static final String BOUGHT_REFUNDS = "_refunds";

  /**
   * Each customer's order totals, one row per customer_id with an order: {@link #BOUGHT_CUSTOMER},
   * the first and latest purchase time, the orders, {@link #BOUGHT_REVENUE}, {@link #BOUGHT_REFUNDS}
   * and the orders in another currency.
   */
  public static Dataset<Row> bought(Dataset<Row> orders, TransformSettings s) {
    Column inCurrency = col(OrdersContract.CURRENCY).equalTo(s.reportingCurrency());
    return orders.groupBy(col(OrdersContract.CUSTOMER_ID).as(BOUGHT_CUSTOMER)).agg(
        min(col(OrdersContract.PURCHASED_AT)).as(CustomersContract.FIRST_ORDER_AT),
        max(col(OrdersContract.PURCHASED_AT)).as(CustomersContract.LAST_ORDER_AT),
        count(lit(1)).as(CustomersContract.ORDERS),
        sum(when(inCurrency, col(OrdersContract.AMOUNT))).as(BOUGHT_REVENUE),
        sum(when(inCurrency, col(OrdersContract.REFUND_AMOUNT))).as(BOUGHT_REFUNDS),
        count(when(inCurrency.unary_$bang(), 1)).as(CustomersContract.ORDERS_OTHER_CURRENCY));
  }

  /**
   * {@link #base} from the {@link #seen} figures of every customer and their order totals
   * ({@link #bought}; a customer without a row there has no order).
   */
  public static Dataset<Row> fromSeenAndBought(Dataset<Row> seen, Dataset<Row> bought, TransformSettings s) {
    Column zero = lit(0).cast(EventContract.MONEY);
    Column orderCount = coalesce(col(CustomersContract.ORDERS), lit(0L));
    Column span = Columns.secondsBetween(col(CustomersContract.FIRST_ORDER_AT), col(CustomersContract.LAST_ORDER_AT));
    return seen.join(bought, col(CUSTOMER_ID).equalTo(col(BOUGHT_CUSTOMER)), "left").drop(BOUGHT_CUSTOMER)
        .withColumn(CustomersContract.ORDERS, orderCount)
        .withColumn(CustomersContract.REVENUE, coalesce(col(BOUGHT_REVENUE), zero).cast(EventContract.MONEY))
        .withColumn(CustomersContract.REFUNDS, coalesce(col(BOUGHT_REFUNDS), zero).cast(EventContract.MONEY))
        .withColumn(CustomersContract.NET_REVENUE,
            col(CustomersContract.REVENUE).minus(col(CustomersContract.REFUNDS)).cast(EventContract.MONEY))
        .withColumn(CustomersContract.ORDERS_OTHER_CURRENCY, coalesce(col(CustomersContract.ORDERS_OTHER_CURRENCY), lit(0L)))
        .withColumn(CustomersContract.AVG_DAYS_BETWEEN_ORDERS,
            when(orderCount.gt(1), span.divide(86_400.0).divide(orderCount.minus(1))))
        .withColumn(CustomersContract.CHURNED, churned(orderCount, s))
        .withColumn(CustomersContract.DATE, snapshotDate(s))
        .select(baseColumns());
  }

  /**
   * Published customer rows as of a later run, for customers whose events and orders did not
   * change, as {@link #base} rows: only what depends on the as-of time is recomputed (churned, the
   * snapshot date), and the RFM columns and the attributes are left for {@link #finish}.
   */
  public static Dataset<Row> reassess(Dataset<Row> customers, TransformSettings s) {
    return asBase(customers).withColumn(CustomersContract.CHURNED, churned(col(CustomersContract.ORDERS), s))
        .withColumn(CustomersContract.DATE, snapshotDate(s));
  }

  /**
   * {@link #base} rows of every customer with the RFM columns, scored among all of them, and the
   * attributes of the run (a customer not in the attributes has nulls), before the date.
   */
  public static Dataset<Row> finish(Dataset<Row> base, java.util.Optional<Dataset<Row>> attributes) {
    Dataset<Row> scored = Rfm.scored(base, java.util.List.of(), col(CustomersContract.CUSTOMER_ID),
        col(CustomersContract.LAST_ORDER_AT), col(CustomersContract.ORDERS), col(CustomersContract.REVENUE));
    java.util.List<Column> out = new java.util.ArrayList<>();
    CustomersContract.BASE_COLUMNS.forEach(c -> out.add(scored.col(c)));
    Rfm.COLUMNS.forEach(c -> out.add(scored.col(c)));
    if (attributes.isPresent()) {
      Dataset<Row> a = attributes.get();
      for (String c : a.columns()) {
        if (!c.equals(CustomersContract.CUSTOMER_ID)) {
          out.add(a.col(c));
        }
      }
      out.add(scored.col(CustomersContract.DATE));
      return scored.join(a, scored.col(CustomersContract.CUSTOMER_ID).equalTo(a.col(CustomersContract.CUSTOMER_ID)),
          "left").select(out.toArray(Column[]::new));
    }
    out.add(scored.col(CustomersContract.DATE));
    return scored.select(out.toArray(Column[]::new));
  }

  /** Customer rows with only the {@link CustomersContract#BASE_COLUMNS} and the date. */
  public static Dataset<Row> asBase(Dataset<Row> customers) {
    return customers.select(baseColumns());
  }

  /** The attribute columns of a customers table: those that are neither its own nor RFM's. */
  public static java.util.List<String> attributeColumns(Dataset<Row> customers) {
    java.util.Set<String> own = CustomersContract.reservedNames();
    return java.util.Arrays.stream(customers.columns()).filter(c -> !own.contains(c)).toList();
  }

  private static Column[] baseColumns() {
    return java.util.stream.Stream.concat(CustomersContract.BASE_COLUMNS.stream(),
        java.util.stream.Stream.of(CustomersContract.DATE)).map(c -> col(c)).toArray(Column[]::new);
  }

  private static Column churned(Column orderCount, TransformSettings s) {
    return when(orderCount.gt(0),
        Columns.moreThanApart(col(CustomersContract.LAST_ORDER_AT), Columns.instant(s.asOf()), s.churnWindow()));
  }

  private static Column snapshotDate(TransformSettings s) {
    return to_date(lit(s.asOfDate().toString()));
  }
}
