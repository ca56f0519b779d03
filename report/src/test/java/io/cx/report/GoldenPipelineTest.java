package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cx.metrics.KpiTables;
import io.cx.report.cli.Main;
import io.cx.testing.Files2;
import io.cx.testing.TestSpark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a small hand-made history, every published table checked against values
 * worked out by hand. As of 2026-02-20T00:00Z, reporting zone UTC, default windows (session gap
 * 30 min, journey timeout 7 d, return and contact windows 30 d, churn 90 d).
 *
 * <p>The story. c1 browses on the web in session S1 on 02-10 and buys o1 (40.00); calls twice
 * about it (case K1, resolved at the second call), answers a CSAT survey about it, returns part of
 * it (15.00) on 02-15; answers an NPS survey on 02-11 and buys o3 (60.00) in store on 02-14. c2
 * adds to cart in the app on 02-10 (S2), leaves, comes back on the web the next morning (S3) and
 * buys o2 (25.00); later chats once (resolved at once), answers CES and NPS. c3 abandons a cart
 * on 01-30 (S4) and answers NPS on 02-11. Anonymous visitor a9 looks at one page on 02-18.
 *
 * <p>Journeys (a person's non-post-purchase events, cut at purchases and after 7 silent days):
 * c1|w1 = w1 w2 w3 w4, purchased o1, ends 02-10; c1|s5 = s5 p1, purchased o3, ends 02-14 (s5 is
 * an NPS answer without order: a journey event); c2|x1 = x1 x2 x3 x4, purchased o2, ends 02-11;
 * c2|k3 = k3 s2 s3, not purchased (silent 8.4 days at the as-of time), ends 02-11; c3|y1 = y1 y2,
 * not purchased, ends 01-30; c3|s4 = s4, not purchased, ends 02-11 (12 days after y2);
 * anon:a9|z1 = z1, open (2 days before the as-of time).
 */
class GoldenPipelineTest {
  @TempDir static Path dir;
  static Path out;

  static String e(String id, String time, String type, String channel, String touchpoint, String who, String extra) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"event_type\":\"" + type
        + "\",\"channel\":\"" + channel + "\",\"touchpoint\":\"" + touchpoint + "\"," + who + extra + "}";
  }

  static final String C1 = "\"customer_id\":\"c1\"";
  static final String C2 = "\"customer_id\":\"c2\"";
  static final String C3 = "\"customer_id\":\"c3\"";

  @BeforeAll
  static void runThePipeline() {
    TestSpark.session();
    Path input = Files2.write(dir.resolve("in/history.jsonl"), List.of(
        e("w1", "2026-02-10T10:00:00Z", "page_view", "web", "product_page", C1, ",\"session_id\":\"S1\""),
        e("w2", "2026-02-10T10:05:00Z", "add_to_cart", "web", "product_page", C1, ",\"session_id\":\"S1\",\"amount\":40"),
        e("w3", "2026-02-10T10:10:00Z", "page_view", "web", "product_page", C1, ",\"session_id\":\"S1\""),
        e("w4", "2026-02-10T10:15:00Z", "purchase", "web", "checkout", C1,
            ",\"session_id\":\"S1\",\"order_id\":\"o1\",\"amount\":\"40.00\""),
        e("k1", "2026-02-11T10:00:00Z", "contact", "phone", "call_center", C1,
            ",\"order_id\":\"o1\",\"case_id\":\"K1\",\"wait_seconds\":60,\"handle_seconds\":300,\"resolved\":false"),
        e("k2", "2026-02-12T10:00:00Z", "contact", "phone", "call_center", C1,
            ",\"order_id\":\"o1\",\"case_id\":\"K1\",\"wait_seconds\":120,\"handle_seconds\":200,\"resolved\":true"),
        e("s1", "2026-02-12T11:00:00Z", "survey", "email", "post_purchase", C1,
            ",\"order_id\":\"o1\",\"survey_type\":\"csat\",\"score\":5"),
        e("r1", "2026-02-15T10:00:00Z", "return", "web", "returns_portal", C1, ",\"order_id\":\"o1\",\"amount\":15"),
        e("s5", "2026-02-11T16:00:00Z", "survey", "email", "relationship", C1, ",\"survey_type\":\"nps\",\"score\":7"),
        e("p1", "2026-02-14T12:00:00Z", "purchase", "store", "pos", C1, ",\"order_id\":\"o3\",\"amount\":60"),
        e("x1", "2026-02-10T11:00:00Z", "page_view", "app", "product_page", C2, ",\"session_id\":\"S2\""),
        e("x2", "2026-02-10T11:05:00Z", "add_to_cart", "app", "product_page", C2, ",\"session_id\":\"S2\",\"amount\":25"),
        e("x3", "2026-02-11T09:00:00Z", "page_view", "web", "product_page", C2, ",\"session_id\":\"S3\""),
        e("x4", "2026-02-11T09:10:00Z", "purchase", "web", "checkout", C2,
            ",\"session_id\":\"S3\",\"order_id\":\"o2\",\"amount\":25"),
        e("k3", "2026-02-11T12:00:00Z", "contact", "chat", "live_chat", C2,
            ",\"wait_seconds\":30,\"handle_seconds\":100,\"resolved\":true"),
        e("s2", "2026-02-11T13:00:00Z", "survey", "chat", "live_chat", C2, ",\"survey_type\":\"ces\",\"score\":6"),
        e("s3", "2026-02-11T14:00:00Z", "survey", "email", "relationship", C2, ",\"survey_type\":\"nps\",\"score\":9"),
        e("y1", "2026-01-30T12:00:00Z", "page_view", "web", "product_page", C3, ",\"session_id\":\"S4\""),
        e("y2", "2026-01-30T12:02:00Z", "add_to_cart", "web", "product_page", C3, ",\"session_id\":\"S4\",\"amount\":10"),
        e("s4", "2026-02-11T15:00:00Z", "survey", "email", "relationship", C3, ",\"survey_type\":\"nps\",\"score\":3"),
        e("z1", "2026-02-18T08:00:00Z", "page_view", "web", "product_page", "\"anonymous_id\":\"a9\"",
            ",\"session_id\":\"S5\"")));
    Path config = Files2.write(dir.resolve("goals.conf"), List.of(
        "cx.scorecard.goals = [ { kpi = conversion_rate, period = month, change = \"+0.5\" } ]"));
    out = dir.resolve("out");
    int code = Main.execute("run", "--input", input.toString(), "--output", out.toString(),
        "--as-of", "2026-02-20T00:00:00Z", "--config", config.toString());
    assertThat(code).isZero();
  }

  static Map<String, Object> row(String table, String where) {
    return Duck.row(out, table, where);
  }

  static List<Object> r(Object... values) {
    return java.util.Arrays.asList(values);
  }

  static Double d(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /** Compares the named columns of a row with expected numbers (null: the column is null). */
  static void expect(Map<String, Object> row, Object... columnThenValue) {
    Map<String, Double> actual = new LinkedHashMap<>();
    Map<String, Double> expected = new LinkedHashMap<>();
    for (int i = 0; i < columnThenValue.length; i += 2) {
      String c = (String) columnThenValue[i];
      assertThat(row).as("row has column " + c).containsKey(c);
      actual.put(c, d(row, c));
      expected.put(c, columnThenValue[i + 1] == null ? null : ((Number) columnThenValue[i + 1]).doubleValue());
    }
    assertThat(actual).as(row.toString()).isEqualTo(expected);
  }

  @Test
  void detailTables() {
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(out, "events"))).isEqualTo(21);
    // Six sessions: S1-S5, and a derived one for the return r1, filed on the web.
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(out, "sessions"))).isEqualTo(6);
    assertThat(Duck.query("SELECT journey_id, outcome, order_id, events, page_views_before_purchase, sessions, "
        + "first_channel, last_channel, CAST(date AS VARCHAR) FROM " + Duck.table(out, "journeys") + " ORDER BY 1"))
        .containsExactly(
            r("anon:a9|z1", "open", null, 1L, 1L, 1L, "web", "web", "2026-02-18"),
            r("c1|s5", "purchased", "o3", 2L, 0L, 0L, "email", "store", "2026-02-14"),
            r("c1|w1", "purchased", "o1", 4L, 2L, 1L, "web", "web", "2026-02-10"),
            r("c2|k3", "not_purchased", null, 3L, 0L, 0L, "chat", "email", "2026-02-11"),
            r("c2|x1", "purchased", "o2", 4L, 2L, 2L, "app", "web", "2026-02-11"),
            r("c3|s4", "not_purchased", null, 1L, 0L, 0L, "email", "email", "2026-02-11"),
            r("c3|y1", "not_purchased", null, 2L, 1L, 1L, "web", "web", "2026-01-30"));
    // o3 comes 4 d 1 h 45 min after o1: 351,900 s = 4.0729166... days.
    expect(row("orders", "order_id = 'o3'"), "order_index", 2, "days_since_previous_order", 351_900 / 86_400.0,
        "refund_amount", 0, "contacts", 0);
    expect(row("orders", "order_id = 'o1'"), "order_index", 1, "refund_amount", 15, "contacts", 2, "amount", 40);
    // c1: revenue 40 + 60, refunds 15, one gap of 4.07 days; latest NPS is s5 (7).
    expect(row("customers", "customer_id = 'c1'"), "orders", 2, "revenue", 100, "refunds", 15, "net_revenue", 85,
        "avg_days_between_orders", 351_900 / 86_400.0, "latest_nps", 7);
    assertThat(row("customers", "customer_id = 'c3'")).containsEntry("churned", null).containsEntry("orders", 0L);
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(out, "customers"))).isEqualTo(3);
  }

  @Test
  void cartAbandonment() {
    expect(row(KpiTables.CART_ABANDONMENT, "date = '2026-01-30' AND channel = 'web'"),
        "sessions", 1, "cart_sessions", 1, "abandoned_cart_sessions", 1, "cart_abandonment_rate", 1.0,
        "recovered_carts", 0);
    // S2 is abandoned in the app, but its journey c2|x1 ends with o2 the next day: recovered.
    expect(row(KpiTables.CART_ABANDONMENT, "date = '2026-02-10' AND channel = 'app'"),
        "sessions", 1, "cart_sessions", 1, "abandoned_cart_sessions", 1, "cart_abandonment_rate", 1.0,
        "recovered_carts", 1);
    expect(row(KpiTables.CART_ABANDONMENT, "date = '2026-02-10' AND channel = 'web'"),
        "sessions", 1, "cart_sessions", 1, "abandoned_cart_sessions", 0, "cart_abandonment_rate", 0.0);
    // S3 bought without a cart event: no cart session, so the rate's denominator is 0 and the rate null.
    expect(row(KpiTables.CART_ABANDONMENT, "date = '2026-02-11' AND channel = 'web'"),
        "sessions", 1, "cart_sessions", 0, "cart_abandonment_rate", null);
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(out, KpiTables.CART_ABANDONMENT))).isEqualTo(6);
  }

  @Test
  void pagesBeforePurchase() {
    // c1|w1: w1, w3 viewed; 10:00 -> 10:15 = 900 s; one session.
    expect(row(KpiTables.PAGES_BEFORE_PURCHASE, "date = '2026-02-10'"), "purchases", 1, "page_views_sum", 2,
        "page_views_avg", 2.0, "page_views_p50", 2.0, "page_views_p90", 2.0, "time_to_purchase_seconds_avg", 900.0,
        "sessions_to_purchase_avg", 1.0);
    // c2|x1: x1, x3; 02-10 11:00 -> 02-11 09:10 = 22 h 10 min = 79,800 s; sessions S2 and S3.
    expect(row(KpiTables.PAGES_BEFORE_PURCHASE, "date = '2026-02-11'"), "purchases", 1, "page_views_sum", 2,
        "time_to_purchase_seconds_sum", 79_800.0, "sessions_to_purchase_sum", 2);
    // c1|s5: the store purchase had no page view; 02-11 16:00 -> 02-14 12:00 = 244,800 s.
    expect(row(KpiTables.PAGES_BEFORE_PURCHASE, "date = '2026-02-14' AND channel = 'store'"), "purchases", 1,
        "page_views_sum", 0, "page_views_p90", 0.0, "time_to_purchase_seconds_avg", 244_800.0,
        "sessions_to_purchase_avg", 0.0);
  }

  @Test
  void returnsOrderContactsAndRepeatPurchase() {
    // o1: 40.00, returned 5 days later for 15.00: return rate 1/1, refund rate 15/40 = 0.375.
    expect(row(KpiTables.RETURNS, "date = '2026-02-10'"), "orders", 1, "revenue", 40, "returned_orders", 1,
        "return_rate", 1.0, "refund_amount", 15, "refund_rate", 0.375);
    assertThat(row(KpiTables.RETURNS, "date = '2026-02-10'")).containsEntry("currency", "USD");
    expect(row(KpiTables.RETURNS, "date = '2026-02-11'"), "orders", 1, "revenue", 25, "returned_orders", 0,
        "return_rate", 0.0, "refund_rate", 0.0);
    expect(row(KpiTables.ORDER_CONTACTS, "date = '2026-02-10'"), "orders", 1, "orders_with_contact", 1,
        "contact_rate", 1.0);
    // k3 names no order, so o2 had no contact.
    expect(row(KpiTables.ORDER_CONTACTS, "date = '2026-02-11'"), "orders", 1, "orders_with_contact", 0,
        "contact_rate", 0.0);
    expect(row(KpiTables.REPEAT_PURCHASE, "date = '2026-02-14'"), "orders", 1, "customers", 1, "first_orders", 0,
        "repeat_orders", 1, "repeat_order_share", 1.0, "days_since_previous_order_avg", 351_900 / 86_400.0);
    expect(row(KpiTables.REPEAT_PURCHASE, "date = '2026-02-10'"), "orders", 1, "first_orders", 1, "repeat_orders", 0,
        "repeat_order_share", 0.0, "days_since_previous_order_avg", null);
  }

  @Test
  void serviceContacts() {
    // 02-11: k1 (phone) opens K1 unresolved; k3 (chat) opens and resolves its own case. Orders that
    // day: o2 only, so 2 contacts per 1 order = 200 per 100 orders on both rows.
    expect(row(KpiTables.SERVICE_CONTACTS, "date = '2026-02-11' AND channel = 'phone'"), "contacts", 1,
        "cases_opened", 1, "first_contact_resolved", 0, "fcr_rate", 0.0, "wait_seconds_avg", 60.0,
        "wait_seconds_p90", 60.0, "handle_seconds_avg", 300.0, "cases_resolved", 0, "resolution_seconds_avg", null,
        "contacts_per_100_orders", 200.0);
    expect(row(KpiTables.SERVICE_CONTACTS, "date = '2026-02-11' AND channel = 'chat'"), "contacts", 1,
        "cases_opened", 1, "first_contact_resolved", 1, "fcr_rate", 1.0, "wait_seconds_sum", 30,
        "cases_resolved", 1, "resolution_seconds_avg", 0.0, "day_contacts", 2, "day_orders", 1);
    // 02-12: k2 resolves K1, opened by k1 exactly one day before: 86,400 s. No orders that day.
    expect(row(KpiTables.SERVICE_CONTACTS, "date = '2026-02-12'"), "contacts", 1, "cases_opened", 0,
        "fcr_rate", null, "wait_seconds_avg", 120.0, "cases_resolved", 1, "resolution_seconds_avg", 86_400.0,
        "day_orders", 0, "contacts_per_100_orders", null);
  }

  @Test
  void surveys() {
    // s3 = 9 (promoter), s5 = 7 (passive), s4 = 3 (detractor): NPS (1 - 1) / 3 x 100 = 0.
    Map<String, Object> nps = row(KpiTables.SURVEYS, "survey_type = 'nps'");
    expect(nps, "responses", 3, "promoters", 1, "passives", 1, "detractors", 1, "nps", 0.0, "csat", null,
        "ces_avg", null, "satisfied", null);
    expect(row(KpiTables.SURVEYS, "survey_type = 'csat'"), "responses", 1, "satisfied", 1, "csat", 100.0,
        "nps", null, "promoters", null);
    expect(row(KpiTables.SURVEYS, "survey_type = 'ces'"), "responses", 1, "score_sum", 6, "ces_avg", 6.0,
        "easy", 1, "ces_easy_rate", 100.0, "nps", null);
  }

  @Test
  void journeyConversion() {
    expect(row(KpiTables.JOURNEY_CONVERSION, "date = '2026-01-30'"), "closed_journeys", 1,
        "purchased_journeys", 0, "conversion_rate", 0.0, "touchpoints_avg", 2.0, "channels_avg", 1.0);
    expect(row(KpiTables.JOURNEY_CONVERSION, "date = '2026-02-11' AND first_channel = 'app'"),
        "closed_journeys", 1, "purchased_journeys", 1, "conversion_rate", 1.0, "touchpoints_sum", 4,
        "channels_sum", 2);
    expect(row(KpiTables.JOURNEY_CONVERSION, "date = '2026-02-14' AND first_channel = 'email'"),
        "closed_journeys", 1, "purchased_journeys", 1, "touchpoints_avg", 2.0, "channels_avg", 2.0);
    // The open journey of a9 is not counted anywhere.
    assertThat(Duck.count("SELECT sum(closed_journeys) FROM " + Duck.table(out, KpiTables.JOURNEY_CONVERSION)))
        .isEqualTo(6);
    // By last channel, 02-11: c2|k3 ends on email (s3), c3|s4 is email: 2 closed, 3 + 1 touchpoints.
    expect(row(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL, "date = '2026-02-11' AND last_channel = 'email'"),
        "closed_journeys", 2, "purchased_journeys", 0, "touchpoints_sum", 4, "channels_sum", 3);
    expect(row(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL, "date = '2026-02-14' AND last_channel = 'store'"),
        "closed_journeys", 1, "purchased_journeys", 1);
  }

  @Test
  void touchpointSummary() {
    expect(row(KpiTables.TOUCHPOINT_SUMMARY, "date = '2026-02-10' AND channel = 'web' AND touchpoint = 'product_page'"),
        "events", 3, "persons", 1, "customers", 1, "page_views", 2, "add_to_carts", 1, "purchases", 0);
    expect(row(KpiTables.TOUCHPOINT_SUMMARY, "date = '2026-02-11' AND touchpoint = 'relationship'"),
        "events", 3, "persons", 3, "customers", 3, "survey_responses", 3);
    expect(row(KpiTables.TOUCHPOINT_SUMMARY, "date = '2026-02-11' AND touchpoint = 'live_chat'"),
        "events", 2, "persons", 1, "contacts", 1, "survey_responses", 1);
    expect(row(KpiTables.TOUCHPOINT_SUMMARY, "date = '2026-02-18'"), "events", 1, "persons", 1, "customers", 0);
    assertThat(Duck.count("SELECT sum(events) FROM " + Duck.table(out, KpiTables.TOUCHPOINT_SUMMARY))).isEqualTo(21);
  }

  @Test
  void retentionCohorts() {
    // c1 and c2 first ordered in February; the as-of month is February: one cohort row.
    assertThat(Duck.query("SELECT month, months_since_first, activity_month, cohort_customers, active_customers, "
        + "retention_rate FROM " + Duck.table(out, KpiTables.RETENTION_COHORTS)))
        .containsExactly(r("2026-02", 0, "2026-02", 2L, 2L, 1.0));
  }

  @Test
  void scorecard() {
    String feb = "period = 'month' AND date = '2026-02-01' AND kpi = ";
    // Closed journeys ending in February: 5 (c3|y1 ended in January), 3 purchased.
    Map<String, Object> conversion = row(KpiTables.SCORECARD, feb + "'conversion_rate'");
    expect(conversion, "value", 0.6, "numerator", 3, "denominator", 5, "previous_value", 0.0, "change", 0.6,
        "baseline", 0.0, "target", 0.5);
    assertThat(conversion).containsEntry("on_track", true);
    expect(row(KpiTables.SCORECARD, feb + "'cart_abandonment_rate'"), "value", 0.5, "numerator", 1, "denominator", 2);
    expect(row(KpiTables.SCORECARD, feb + "'return_rate'"), "value", 1 / 3.0);
    expect(row(KpiTables.SCORECARD, feb + "'contact_rate'"), "value", 1 / 3.0);
    expect(row(KpiTables.SCORECARD, feb + "'repeat_order_share'"), "value", 1 / 3.0);
    expect(row(KpiTables.SCORECARD, feb + "'nps'"), "value", 0.0, "denominator", 3);
    expect(row(KpiTables.SCORECARD, feb + "'csat'"), "value", 100.0);
    expect(row(KpiTables.SCORECARD, feb + "'ces_avg'"), "value", 6.0);
    // Waits 60, 30, 120 s; resolutions 0 and 86,400 s; one of two cases resolved at first contact.
    expect(row(KpiTables.SCORECARD, feb + "'wait_seconds_avg'"), "value", 70.0);
    expect(row(KpiTables.SCORECARD, feb + "'resolution_seconds_avg'"), "value", 43_200.0);
    expect(row(KpiTables.SCORECARD, feb + "'fcr_rate'"), "value", 0.5);
    // At the as-of time (February is not over), c1 and c2 have ordered, both within 90 days: churn 0/2.
    expect(row(KpiTables.SCORECARD, feb + "'churn_rate'"), "value", 0.0, "denominator", 2);
    // The goal is on months only. January had no contacts: no row, and nothing to compare February with.
    Map<String, Object> weekly = row(KpiTables.SCORECARD, "period = 'week' AND date = '2026-02-09' AND kpi = 'conversion_rate'");
    assertThat(weekly).containsEntry("target", null).containsEntry("on_track", null);
    assertThat(Duck.rows(out, KpiTables.SCORECARD, "period = 'month' AND date = '2026-01-01' AND kpi = 'resolution_seconds_avg'")).isEmpty();
    expect(row(KpiTables.SCORECARD, feb + "'resolution_seconds_avg'"), "previous_value", null, "change", null);
    expect(row(KpiTables.SCORECARD, "period = 'quarter' AND date = '2026-01-01' AND kpi = 'conversion_rate'"),
        "value", 0.5, "numerator", 3, "denominator", 6);
    assertThat(d(row(KpiTables.SCORECARD, "period = 'day' AND date = '2026-02-11' AND kpi = 'nps'"), "value"))
        .isCloseTo(0.0, within(1e-9));
  }
}
