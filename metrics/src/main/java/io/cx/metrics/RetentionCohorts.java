package io.cx.metrics;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.trunc;

import io.cx.transform.Dates;
import io.cx.transform.OrdersContract;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code kpi_retention_cohorts}: one row per cohort month (the month of the customer's first
 * order, the {@code month} partition) x months since that month, up to the as-of month.
 */
public final class RetentionCohorts {
  private RetentionCohorts() {}

  /** Recomputed whole every run (a cohort's months move with the as-of time); unchanged months stay as published. */
  public static final KpiTable TABLE = new KpiTable(KpiTables.RETENTION_COHORTS,
      "cohort month x months since the first order", KpiTables.MONTH, java.util.Optional.empty(),
      io.cx.transform.Horizon.RECOMPUTED,
      (t, d, s) -> compute(t.orders(), s.asOf(), s.reportingTimeZone()),
      (c, t, s) -> Dates.ALL, java.util.List.of());

  public static final String MONTH = KpiTables.MONTH;
  public static final String MONTHS_SINCE_FIRST = "months_since_first";
  public static final String ACTIVITY_MONTH = "activity_month";
  public static final String COHORT_CUSTOMERS = "cohort_customers";
  public static final String ACTIVE_CUSTOMERS = "active_customers";
  public static final String RETENTION_RATE = "retention_rate";

  public static Dataset<Row> compute(Dataset<Row> orders, Instant asOf, ZoneId zone) {
    Column asOfMonth = KpiTables.asOfMonth(asOf, zone);
    // Each customer's months with an order; the first is the cohort, in which every customer of
    // the cohort is active, so the cohort's size is its activity in month 0. One shuffle, by
    // customer, serves the distinct months (a hash aggregation) and the first of them (a window
    // over a customer's few months). A list of months per customer would be an object
    // aggregation, which Spark turns into a sort once a task holds more than a few customers.
    Column customer = col(OrdersContract.CUSTOMER_ID);
    Dataset<Row> months = orders.select(customer, trunc(col(OrdersContract.DATE), "month").as("_m"))
        .repartition(KpiTables.shufflePartitions(orders.sparkSession()), customer)
        .distinct()
        .select(min(col("_m")).over(Window.partitionBy(customer)).as("_cohort"), col("_m"));
    Dataset<Row> activity = months
        .groupBy(col("_cohort"), months_between(col("_m"), col("_cohort")).cast("int").as("_since"))
        .agg(count(lit(1)).as("_active"))
        .groupBy(col("_cohort").as("_size_cohort"))
        .agg(map_from_entries(collect_list(struct(col("_since"), col("_active")))).as("_active_by_month"));
    return activity
        .withColumn(COHORT_CUSTOMERS, element_at(col("_active_by_month"), lit(0)))
        .withColumn(MONTHS_SINCE_FIRST,
            explode(sequence(lit(0), months_between(asOfMonth, col("_size_cohort")).cast("int"))))
        .withColumn(ACTIVE_CUSTOMERS, coalesce(element_at(col("_active_by_month"), col(MONTHS_SINCE_FIRST)), lit(0L)))
        .withColumn(RETENTION_RATE, Kpi.ratio(ACTIVE_CUSTOMERS, COHORT_CUSTOMERS))
        .withColumn(ACTIVITY_MONTH, KpiTables.monthOf(add_months(col("_size_cohort"), col(MONTHS_SINCE_FIRST))))
        .withColumn(MONTH, KpiTables.monthOf(col("_size_cohort")))
        .select(col(MONTH), col(MONTHS_SINCE_FIRST), col(ACTIVITY_MONTH), col(COHORT_CUSTOMERS), col(ACTIVE_CUSTOMERS),
            col(RETENTION_RATE));
  }
}
