package io.cx.metrics;

import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.CUSTOMER_ID;
import static io.cx.ingest.EventContract.DATE;
import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.ORDER_ID;
import static io.cx.ingest.EventContract.PURCHASE;
import static io.cx.ingest.EventContract.REFERRAL;
import static io.cx.ingest.EventContract.REFERRAL_CODE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.cx.transform.Columns;
import io.cx.transform.Dates;
import io.cx.transform.TransformSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code kpi_referrals}: one row per date x channel of the referrals sent, with the orders they
 * brought. A purchase carrying a referral code counts for the latest referral with that code sent
 * at most the referral window before it (so an order counts once, however often its code was
 * shared), on the date of that referral. Who placed the order is not checked: the contract counts
 * every purchase with the code.
 */
public final class Referrals {
  private Referrals() {}

  /**
   * Restated: the dates of changed events, and for each the referral window before it, whose
   * referrals a purchase of that date may count for.
   */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.REFERRALS, "date (referral sent) x channel (of the referral)",
      io.cx.transform.Horizon.REFERRALS,
      (t, d, s) -> compute(t.sparseEvents(), d, s),
      (c, t, s) -> Dates.of(withWindowBefore(c.events().dates(), s.referralWindow())));
  // No headline: the scorecard's referral rate counts distinct customers per period, which this
  // table's daily rows cannot add up to (Scorecard.referralRate).

  public static final String REFERRALS_SENT = "referrals_sent";
  /** Distinct customer_id: not additive across rows. */
  public static final String REFERRING_CUSTOMERS = "referring_customers";
  public static final String REFERRED_ORDERS = "referred_orders";
  public static final String REFERRAL_CONVERSION = "referral_conversion";

  /**
   * Each date and the dates up to {@code window} before it (one day more, for a purchase early in
   * its day and a referral late in its own, and a clock change between).
   */
  static Set<String> withWindowBefore(Set<String> dates, java.time.Duration window) {
    long days = (window.toSeconds() + 86_399) / 86_400 + 1;
    Set<String> out = new TreeSet<>();
    for (String d : dates) {
      LocalDate date = LocalDate.parse(d);
      for (long i = 0; i <= days; i++) {
        out.add(date.minusDays(i).toString());
      }
    }
    return out;
  }

  private static final String SENT_AT = "_sent_at";
  private static final String REFERRAL_ID = "_referral_id";

  /** The rows of the referrals sent on {@code dates}, with the purchases (of any date) they brought. */
  public static Dataset<Row> compute(Dataset<Row> events, Dates dates, TransformSettings s) {
    Dataset<Row> referrals = dates.on(events.where(col(EVENT_TYPE).equalTo(REFERRAL)), DATE)
        .select(col(EVENT_ID).as(REFERRAL_ID), col(DATE), col(CHANNEL), col(CUSTOMER_ID),
            col(EVENT_TIME).as(SENT_AT), col(REFERRAL_CODE).as("_code"));
    // One purchase per order: the first event of the order (as the orders table keeps it).
    Dataset<Row> purchases = events.where(col(EVENT_TYPE).equalTo(PURCHASE).and(col(REFERRAL_CODE).isNotNull()))
        .withColumn("_n", row_number().over(Window.partitionBy(col(ORDER_ID)).orderBy(col(EVENT_TIME), col(EVENT_ID))))
        .where(col("_n").equalTo(1))
        .select(col(ORDER_ID).as("_order"), col(EVENT_TIME).as("_bought_at"), col(REFERRAL_CODE).as("_bought_code"));
    Dataset<Row> credited = purchases.join(referrals.select(col(REFERRAL_ID), col(SENT_AT), col("_code")),
            col("_bought_code").equalTo(col("_code")).and(Columns.within(col(SENT_AT), col("_bought_at"),
                s.referralWindow())))
        .withColumn("_latest", row_number().over(Window.partitionBy(col("_order"))
            .orderBy(col(SENT_AT).desc(), col(REFERRAL_ID).desc())))
        .where(col("_latest").equalTo(1))
        .groupBy(col(REFERRAL_ID).as("_credited")).agg(count(lit(1)).as("_orders"));
    return referrals.join(credited, col(REFERRAL_ID).equalTo(col("_credited")), "left")
        .groupBy(col(DATE), col(CHANNEL))
        .agg(count(lit(1)).as(REFERRALS_SENT), count_distinct(col(CUSTOMER_ID)).as(REFERRING_CUSTOMERS),
            sum(coalesce(col("_orders"), lit(0L))).as(REFERRED_ORDERS))
        .withColumn(REFERRAL_CONVERSION, Kpi.ratio(REFERRED_ORDERS, REFERRALS_SENT));
  }
}
