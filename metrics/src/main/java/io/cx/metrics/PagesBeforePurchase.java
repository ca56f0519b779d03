package io.cx.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;

import io.cx.transform.Dates;
import io.cx.transform.Columns;
import io.cx.transform.JourneysContract;
import io.cx.transform.OrdersContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code kpi_pages_before_purchase}: one row per date (purchase) x channel (of the purchase). */
public final class PagesBeforePurchase {
  private PagesBeforePurchase() {}

  /** Restated: the dates of changed orders, and of orders whose journey changed. */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.PAGES_BEFORE_PURCHASE,
      "date (purchase) x channel (of the purchase)", io.cx.transform.Horizon.ORDERS,
      (t, d, s) -> compute(d.on(t.orders(), OrdersContract.DATE), KpiTables.journeysNamedOn(t.journeys(), d)),
      (c, t, s) -> Dates.of(Dates.union(c.orders().dates(), Dates.ofKeys(t.orders(), OrdersContract.JOURNEY_ID,
          c.journeys().keys(), OrdersContract.DATE))));

  public static final String PURCHASES = "purchases";
  public static final String PAGE_VIEWS_SUM = "page_views_sum";
  public static final String PAGE_VIEWS_AVG = "page_views_avg";
  public static final String PAGE_VIEWS_P50 = "page_views_p50";
  public static final String PAGE_VIEWS_P90 = "page_views_p90";
  public static final String TIME_TO_PURCHASE_SECONDS_SUM = "time_to_purchase_seconds_sum";
  public static final String TIME_TO_PURCHASE_SECONDS_AVG = "time_to_purchase_seconds_avg";
  public static final String SESSIONS_TO_PURCHASE_SUM = "sessions_to_purchase_sum";
  public static final String SESSIONS_TO_PURCHASE_AVG = "sessions_to_purchase_avg";

  public static Dataset<Row> compute(Dataset<Row> orders, Dataset<Row> journeys) {
    Dataset<Row> j = journeys.select(col(JourneysContract.JOURNEY_ID).as("_journey"),
        col(JourneysContract.STARTED_AT).as("_journey_start"),
        col(JourneysContract.PAGE_VIEWS_BEFORE_PURCHASE).as("_pages"), col(JourneysContract.SESSIONS).as("_sessions"));
    Dataset<Row> p = orders.join(j, col(OrdersContract.JOURNEY_ID).equalTo(col("_journey")), "left")
        .withColumn("_seconds", Columns.secondsBetween(col("_journey_start"), col(OrdersContract.PURCHASED_AT)));
    return Kpi.aggregate(p, List.of(col(OrdersContract.DATE), col(OrdersContract.CHANNEL)), List.of(
            Kpi.of(PURCHASES, count(lit(1))),
            Kpi.of(PAGE_VIEWS_SUM, sum(col("_pages"))),
            Kpi.of(PAGE_VIEWS_P50, percentile(col("_pages"), lit(0.5))),
            Kpi.of(PAGE_VIEWS_P90, percentile(col("_pages"), lit(0.9))),
            Kpi.of(TIME_TO_PURCHASE_SECONDS_SUM, Kpi.exactSum(col("_seconds"))),
            Kpi.of(SESSIONS_TO_PURCHASE_SUM, sum(col("_sessions")))))
        .withColumn(PAGE_VIEWS_AVG, Kpi.ratio(PAGE_VIEWS_SUM, PURCHASES))
        .withColumn(TIME_TO_PURCHASE_SECONDS_AVG, Kpi.ratio(TIME_TO_PURCHASE_SECONDS_SUM, PURCHASES))
        .withColumn(SESSIONS_TO_PURCHASE_AVG, Kpi.ratio(SESSIONS_TO_PURCHASE_SUM, PURCHASES));
  }
}
