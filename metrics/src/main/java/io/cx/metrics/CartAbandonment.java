package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.cx.transform.Dates;
import io.cx.transform.JourneysContract;
import io.cx.transform.SessionsContract;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code kpi_cart_abandonment}: one row per date (session start) x channel (web, app). */
public final class CartAbandonment {
  private CartAbandonment() {}

  /** Restated: the dates of changed sessions, and of sessions whose cart journey changed (it may now be recovered). */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.CART_ABANDONMENT, "date (session start) x channel", io.cx.transform.Horizon.JOURNEYS,
      (t, d, s) -> compute(d.on(t.sessions(), SessionsContract.DATE), KpiTables.journeysNamedOn(t.journeys(), d)),
      (c, t, s) -> Dates.of(Dates.union(c.sessions().dates(), Dates.ofKeys(t.sessions(),
          SessionsContract.CART_JOURNEY_ID, c.journeys().keys(), SessionsContract.DATE))),
      Headline.rate("cart_abandonment_rate", CartAbandonment.ABANDONED_CART_SESSIONS, CartAbandonment.CART_SESSIONS,
          false));

  public static final String SESSIONS = "sessions";
  public static final String CART_SESSIONS = "cart_sessions";
  public static final String ABANDONED_CART_SESSIONS = "abandoned_cart_sessions";
  public static final String CART_ABANDONMENT_RATE = "cart_abandonment_rate";
  public static final String RECOVERED_CARTS = "recovered_carts";

  public static Dataset<Row> compute(Dataset<Row> sessions, Dataset<Row> journeys) {
    Dataset<Row> outcome = journeys.select(col(JourneysContract.JOURNEY_ID).as("_cart_journey"),
        col(JourneysContract.OUTCOME).as("_cart_journey_outcome"));
    Dataset<Row> s = sessions.join(outcome, col(SessionsContract.CART_JOURNEY_ID).equalTo(col("_cart_journey")), "left");
    Column abandoned = col(SessionsContract.HAS_CART).and(col(SessionsContract.HAS_PURCHASE).unary_$bang());
    return Kpi.aggregate(s, List.of(col(SessionsContract.DATE), col(SessionsContract.CHANNEL)), List.of(
            Kpi.of(SESSIONS, count(lit(1))),
            countIf(CART_SESSIONS, col(SessionsContract.HAS_CART)),
            countIf(ABANDONED_CART_SESSIONS, abandoned),
            countIf(RECOVERED_CARTS, abandoned.and(col("_cart_journey_outcome").equalTo(JourneysContract.PURCHASED)))))
        .withColumn(CART_ABANDONMENT_RATE, Kpi.ratio(ABANDONED_CART_SESSIONS, CART_SESSIONS));
  }
}
