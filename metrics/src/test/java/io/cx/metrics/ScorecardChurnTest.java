package io.cx.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cx.testing.TestSpark;
import io.cx.transform.Columns;
import io.cx.transform.OrdersContract;
import io.cx.transform.TransformSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scorecard's churn, counted per day, against the rule itself checked for every order and
 * every period end: orders on the boundaries (exactly the churn window before an end, at a
 * midnight, twice at the same instant, after the as-of time), periods before the first order, in
 * UTC and in a zone whose midnights are not UTC's.
 */
class ScorecardChurnTest {

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "America/New_York", "Asia/Kolkata"})
  void countsPerDayEqualTheRuleAtEveryPeriodEnd(String zoneId) {
    SparkSession spark = TestSpark.session();
    ZoneId zone = ZoneId.of(zoneId);
    Instant asOf = Instant.parse("2026-06-17T15:30:00Z");
    TransformSettings d = TransformSettings.defaults(asOf);
    TransformSettings s = new TransformSettings(d.sessionGap(), d.journeyTimeout(), d.journeyMaxLength(),
        d.returnWindow(), d.contactWindow(), d.referralWindow(), Duration.ofDays(30), d.stitchLookback(), asOf, zone,
        "USD");
    // Local midnights of the zone, and instants exactly the churn window (30 days) before one.
    String midnightMar1 = java.time.LocalDate.parse("2026-03-01").atStartOfDay(zone).toInstant().toString();
    String windowBeforeApr1 = java.time.LocalDate.parse("2026-04-01").atStartOfDay(zone).toInstant()
        .minus(Duration.ofDays(30)).toString();
    Dataset<Row> orders = spark.sql("SELECT customer, id, CAST(at AS TIMESTAMP) AS at FROM VALUES "
        + "('c1', 'o1', '" + midnightMar1 + "'), ('c1', 'o2', '" + midnightMar1 + "'), "
        + "('c1', 'o3', '2026-04-20T10:00:00Z'), "
        + "('c2', 'o4', '" + windowBeforeApr1 + "'), "
        + "('c3', 'o5', '2026-02-10T23:59:59.999999Z'), ('c3', 'o6', '2026-05-30T00:00:00Z'), "
        + "('c4', 'o7', '2026-06-17T15:30:00Z'), ('c4', 'o8', '2026-06-18T09:00:00Z'), "
        + "('c5', 'o9', '2026-06-17T15:29:59.999999Z') AS t(customer, id, at)")
        .select(col("customer").as(OrdersContract.CUSTOMER_ID), col("id").as(OrdersContract.ORDER_ID),
            col("at").as(OrdersContract.PURCHASED_AT));
    Dataset<Row> days = spark.sql("SELECT explode(sequence(DATE'2026-01-01', DATE'2026-06-17', INTERVAL 1 DAY)) AS date");
    Dataset<Row> periods = null;
    for (String p : Scorecard.PERIODS) {
      Dataset<Row> starts = days.select(lit(p).as(Scorecard.PERIOD), Scorecard.periodStart(col("date"), p).as("date"));
      periods = periods == null ? starts : periods.unionByName(starts);
    }
    periods = periods.distinct();
    KpiTablesComputeTest.assertSameRows(Scorecard.churn(orders, periods, s), rule(orders, periods, s), zoneId);
  }

  /** Churn by its definition: for each end, each customer's latest order before it, and its age. */
  private static Dataset<Row> rule(Dataset<Row> orders, Dataset<Row> periods, TransformSettings s) {
    Dataset<Row> ends = periods.distinct()
        .withColumn("_end", KpiTables.endOrAsOf(Scorecard.periodEnd(col("date"), col("period")), s));
    Dataset<Row> latest = orders.select(col(OrdersContract.CUSTOMER_ID).as("_c"), col(OrdersContract.PURCHASED_AT)
        .as("_t"), col(OrdersContract.ORDER_ID).as("_o"))
        .withColumn("_next", lead(col("_t"), 1).over(Window.partitionBy(col("_c")).orderBy(col("_t"), col("_o"))));
    return latest.join(ends, col("_t").lt(col("_end")).and(col("_next").isNull().or(col("_next").geq(col("_end")))))
        .groupBy(col("period"), col("date"))
        .agg(count(lit(1)).as("_base"),
            count(when(Columns.moreThanApart(col("_t"), col("_end"), s.churnWindow()), lit(1))).as("_churned"))
        .select(lit(Scorecard.CHURN_RATE).as(Scorecard.KPI), col("period"), col("date"), lit(1.0).as("_scale"),
            lit(false).as(Scorecard.HIGHER_IS_BETTER), col("_churned").cast("double").as(Scorecard.NUMERATOR),
            col("_base").cast("double").as(Scorecard.DENOMINATOR));
  }
}
