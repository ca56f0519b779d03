package io.cx.transform;

import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.spark.PlannerSettings;
import io.cx.testing.EventFixtures;
import io.cx.testing.SparkUpgradeCanary;
import io.cx.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identity, sessions, journeys, orders and customers on a small hand-made history, as of
 * 2026-02-20T00:00Z, with the default windows (session gap 30 min, journey timeout 7 days,
 * return and contact windows 30 days, churn 90 days).
 */
class TransformTest {
  static final Instant AS_OF = Instant.parse("2026-02-20T00:00:00Z");
  static Detail r;
  static Dataset<Row> events;
  static Dataset<Row> enriched;
  static Map<String, Row> eventsById = new HashMap<>();

  @BeforeAll
  static void build() {
    SparkSession spark = TestSpark.session();
    events = EventFixtures.events(spark, List.of(
        // A: anonymous a1 browses across midnight, logs in as c1, buys o1; then a contact and a return.
        e("a01", "2026-02-01T23:50:00Z", "page_view", "web", ",\"anonymous_id\":\"a1\",\"touchpoint\":\"home\""),
        e("a02", "2026-02-01T23:55:00Z", "page_view", "web", ",\"anonymous_id\":\"a1\""),
        e("a03", "2026-02-02T00:10:00Z", "add_to_cart", "web", ",\"anonymous_id\":\"a1\",\"amount\":50"),
        e("a04", "2026-02-02T00:20:00Z", "page_view", "web", ",\"anonymous_id\":\"a1\",\"customer_id\":\"c1\""),
        e("a05", "2026-02-02T00:30:00Z", "purchase", "web",
            ",\"anonymous_id\":\"a1\",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":50,\"currency\":\"USD\""),
        e("a06", "2026-02-03T09:00:00Z", "contact", "phone", ",\"customer_id\":\"c1\",\"order_id\":\"o1\""),
        e("a07", "2026-02-05T09:00:00Z", "return", "web",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":20,\"currency\":\"USD\""),
        // A again, 2 hours later than a05 + 30 min: a new derived session and a new journey (after a purchase).
        e("a08", "2026-02-02T03:00:00Z", "page_view", "app", ",\"customer_id\":\"c1\""),
        e("a09", "2026-02-10T09:00:00Z", "survey", "email",
            ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":9"),
        e("a10", "2026-02-11T09:00:00Z", "survey", "email",
            ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":6"),
        // B: anonymous a2 who never logs in, one event.
        e("b01", "2026-02-10T12:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a2\""),
        // C: store purchase without page views, a late return, then a web purchase tied in time with a page view.
        e("c01", "2026-01-05T10:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c3\",\"order_id\":\"o3\",\"amount\":30,\"currency\":\"USD\""),
        e("c02", "2026-02-10T10:00:00Z", "return", "store",
            ",\"customer_id\":\"c3\",\"order_id\":\"o3\",\"amount\":30,\"currency\":\"USD\""),
        e("c30", "2026-02-18T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c3\",\"session_id\":\"s9\""),
        e("c31", "2026-02-18T10:00:00Z", "purchase", "web",
            ",\"customer_id\":\"c3\",\"session_id\":\"s9\",\"order_id\":\"o4\",\"amount\":12.5,\"currency\":\"USD\""),
        // D: a journey still open at the as-of time, with a contact about an order that is not in the data.
        e("d01", "2026-02-19T08:00:00Z", "page_view", "app", ",\"customer_id\":\"c4\",\"session_id\":\"s1\""),
        e("d02", "2026-02-19T08:00:00Z", "contact", "chat", ",\"customer_id\":\"c4\",\"order_id\":\"o-missing\""),
        e("d03", "2026-02-19T09:00:00Z", "return", "web",
            ",\"customer_id\":\"c4\",\"order_id\":\"o-missing\",\"amount\":5,\"currency\":\"USD\"")));
    TransformSettings s = TransformSettings.defaults(AS_OF);
    enriched = Transform.enrich(events, s).cache();
    r = Transform.tables(enriched, s, Stage.inMemory());
    for (Row row : r.current().events().collectAsList()) {
      eventsById.put(row.getAs("event_id"), row);
    }
  }

  static String person(String id) {
    return eventsById.get(id).getAs("person_key");
  }

  static String session(String id) {
    return eventsById.get(id).getAs("session_key");
  }

  static String journey(String id) {
    return eventsById.get(id).getAs("journey_id");
  }

  static Map<String, Row> byKey(Dataset<Row> table, String key) {
    Map<String, Row> m = new HashMap<>();
    table.collectAsList().forEach(row -> m.put(row.getAs(key), row));
    return m;
  }

  @Test
  void anonymousVisitsAreStitchedToTheCustomerWhoLogsInLater() {
    assertThat(List.of("a01", "a02", "a03", "a04", "a05")).allMatch(id -> person(id).equals("c1"));
    assertThat(person("b01")).isEqualTo("anon:a2");
    assertThat(person("d01")).isEqualTo("c4");
  }

  @Test
  void sessionsFollowTheTrackerOrTheGapAcrossMidnight() {
    long start = Instant.parse("2026-02-01T23:50:00Z").toEpochMilli() * 1000;
    assertThat(List.of("a01", "a02", "a03", "a04", "a05")).allMatch(id -> session(id).equals("c1|d:" + start));
    assertThat(session("a08")).isNotEqualTo(session("a01")).startsWith("c1|d:");
    assertThat(session("c30")).isEqualTo(session("c31")).isEqualTo("c3|s:s9");
    assertThat(session("a06")).isNull();
    assertThat(session("c01")).isNull();

    Map<String, Row> sessions = byKey(r.current().sessions(), "session_key");
    // Five browsing sessions, plus the two returns filed on the web portal: every web/app event is in a session.
    assertThat(sessions).hasSize(7);
    Row a = sessions.get("c1|d:" + start);
    assertThat(a.<Long>getAs("events")).isEqualTo(5L);
    assertThat(a.<Long>getAs("page_views")).isEqualTo(3L);
    assertThat(a.<Boolean>getAs("has_cart")).isTrue();
    assertThat(a.<Boolean>getAs("has_purchase")).isTrue();
    assertThat(a.getAs("date").toString()).as("the date a session started").isEqualTo("2026-02-01");
    assertThat(a.<String>getAs("cart_journey_id")).isEqualTo("c1|a01");
  }

  @Test
  void journeysEndAtAPurchaseOrAfterTheTimeoutAndStayOpenNearTheAsOfTime() {
    Map<String, Row> journeys = byKey(r.current().journeys(), "journey_id");
    assertThat(journeys).containsOnlyKeys(
        "c1|a01", "c1|a08", "c1|a09", "anon:a2|b01", "c3|c01", "c3|c30", "c4|d01");

    Row a = journeys.get("c1|a01");
    assertThat(a.<String>getAs("outcome")).isEqualTo("purchased");
    assertThat(a.<String>getAs("order_id")).isEqualTo("o1");
    assertThat(a.<Long>getAs("page_views_before_purchase")).isEqualTo(3L);
    assertThat(a.getList(a.fieldIndex("touchpoints"))).containsExactly("home", "web", "web", "web", "web");
    assertThat(a.<Long>getAs("sessions")).isEqualTo(1L);
    assertThat(a.getAs("date").toString()).as("the date a journey ended").isEqualTo("2026-02-02");

    // a08 (app), then the NPS answers 8 and 9 days later: more than 7 days of silence after a08.
    assertThat(journeys.get("c1|a08").<String>getAs("outcome")).isEqualTo("not_purchased");
    assertThat(journeys.get("c1|a08").<Long>getAs("events")).isEqualTo(1L);
    assertThat(journey("a09")).isEqualTo(journey("a10")).isEqualTo("c1|a09");
    assertThat(journeys.get("c1|a09").<String>getAs("outcome")).as("silent for 9 days at the as-of time")
        .isEqualTo("not_purchased");

    assertThat(journeys.get("anon:a2|b01").<String>getAs("outcome")).isEqualTo("not_purchased");
    Row store = journeys.get("c3|c01");
    assertThat(store.<String>getAs("outcome")).isEqualTo("purchased");
    assertThat(store.<Long>getAs("page_views_before_purchase")).isZero();
    // Tie at 10:00: page_view c30 sorts before purchase c31 by event_id, so the purchase ends the journey.
    assertThat(journeys.get("c3|c30").<Long>getAs("events")).isEqualTo(2L);
    assertThat(journeys.get("c3|c30").<String>getAs("outcome")).isEqualTo("purchased");

    Row open = journeys.get("c4|d01");
    assertThat(open.<String>getAs("outcome")).isEqualTo("open");
    assertThat(open.getList(open.fieldIndex("channels"))).containsExactly("app", "chat");
    assertThat(journey("d02")).as("a contact about an unknown order is not post-purchase").isEqualTo("c4|d01");
    assertThat(journey("a06")).isNull();
    assertThat(journey("a07")).isNull();
    assertThat(journey("d03")).as("a return is always post-purchase").isNull();
  }

  @Test
  void ordersCountTheirIndexReturnsAndContacts() {
    Map<String, Row> orders = byKey(r.current().orders(), "order_id");
    assertThat(orders).containsOnlyKeys("o1", "o3", "o4");
    Row o1 = orders.get("o1");
    assertThat(o1.<String>getAs("journey_id")).isEqualTo("c1|a01");
    assertThat(o1.<Long>getAs("order_index")).isEqualTo(1L);
    assertThat(o1.<Boolean>getAs("returned")).isTrue();
    assertThat(o1.<BigDecimal>getAs("refund_amount")).isEqualByComparingTo("20.00");
    assertThat(o1.<Long>getAs("contacts")).isEqualTo(1L);
    Row o3 = orders.get("o3");
    assertThat(o3.<Boolean>getAs("returned")).as("returned 36 days after: outside the window").isFalse();
    assertThat(o3.<BigDecimal>getAs("refund_amount")).isEqualByComparingTo("0");
    Row o4 = orders.get("o4");
    assertThat(o4.<Long>getAs("order_index")).isEqualTo(2L);
    assertThat(o4.<Double>getAs("days_since_previous_order")).isEqualTo(44.0);

    Map<String, Long> linkage = new HashMap<>();
    Orders.linkage(r.current().events(), r.current().orders(), TransformSettings.defaults(AS_OF)).collectAsList()
        .forEach(row -> linkage.put(row.getString(0) + "/" + row.getString(1), row.getLong(2)));
    assertThat(linkage).containsOnly(
        Map.entry("return/linked", 1L), Map.entry("return/outside_window", 1L), Map.entry("return/no_such_order", 1L),
        Map.entry("contact/linked", 1L), Map.entry("contact/no_such_order", 1L));
    Map<String, Long> narrowed = new HashMap<>();
    Orders.linkage(r.current().events(), r.current().orders(), TransformSettings.defaults(AS_OF), true)
        .collectAsList().forEach(row -> narrowed.put(row.getString(0) + "/" + row.getString(1), row.getLong(2)));
    assertThat(narrowed).as("orders narrowed to those named first").isEqualTo(linkage);
  }

  @Test
  void ordersOfAReadWindowCountAfterTheTotalsOfTheOrdersBeforeIt() {
    // o3 (c3, 2026-01-05) lies before the window, o4 (c3) and o1 (c1) in it: o4 counts after o3's total.
    java.sql.Date from = java.sql.Date.valueOf("2026-01-10");
    Dataset<Row> all = r.current().orders();
    OrderHistory prior = OrderHistory.of(all, from.toLocalDate(), TransformSettings.defaults(AS_OF));
    Dataset<Row> windowEvents = r.current().events().where(org.apache.spark.sql.functions.col("date").geq(from));
    Dataset<Row> ofWindow = Orders.table(windowEvents, java.util.Optional.of(prior.totals()),
        TransformSettings.defaults(AS_OF));
    Dataset<Row> expected = all.where(org.apache.spark.sql.functions.col("date").geq(from));
    assertThat(byKey(ofWindow, "order_id")).containsOnlyKeys("o1", "o4");
    ChangedDetailTest.assertSame(ofWindow, expected, "orders");
    assertThat(byKey(ofWindow, "order_id").get("o4").<Long>getAs("order_index")).isEqualTo(2L);

    // A customer's earlier orders count by their total: three of them, the latest 2026-01-01T10:00Z, four days before o3.
    Dataset<Row> three = TestSpark.session().sql("SELECT 'c3' AS customer_id, 3L AS " + OrderHistory.ORDERS
        + ", TIMESTAMP '2026-01-01 10:00:00' AS " + OrderHistory.LAST_ORDER_AT);
    Row o4 = byKey(Orders.table(windowEvents, java.util.Optional.of(three), TransformSettings.defaults(AS_OF)),
        "order_id").get("o4");
    assertThat(o4.<Long>getAs("order_index")).isEqualTo(4L);
    assertThat(o4.<Double>getAs("days_since_previous_order"))
        .isEqualTo(byKey(all, "order_id").get("o4").<Double>getAs("days_since_previous_order") + 4.0);
  }

  @Test
  void customersAreASnapshotAsOfTheRun() {
    Map<String, Row> customers = byKey(r.customers(), "customer_id");
    assertThat(customers).containsOnlyKeys("c1", "c3", "c4");
    Row c1 = customers.get("c1");
    assertThat(c1.<Long>getAs("orders")).isEqualTo(1L);
    assertThat(c1.<BigDecimal>getAs("net_revenue")).isEqualByComparingTo("30.00");
    assertThat(c1.<Integer>getAs("latest_nps")).isEqualTo(6);
    assertThat(c1.<Boolean>getAs("churned")).isFalse();
    assertThat(c1.<Double>getAs("avg_days_between_orders")).isNull();
    Row c3 = customers.get("c3");
    assertThat(c3.<Long>getAs("orders")).isEqualTo(2L);
    assertThat(c3.<BigDecimal>getAs("revenue")).isEqualByComparingTo("42.50");
    assertThat(c3.<BigDecimal>getAs("refunds")).as("the late return is not a refund of the order").isEqualByComparingTo("0");
    assertThat(c3.<Double>getAs("avg_days_between_orders")).isEqualTo(44.0);
    assertThat(c3.<Timestamp>getAs("first_order_at").toInstant()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
    Row c4 = customers.get("c4");
    assertThat(c4.<Long>getAs("orders")).isZero();
    assertThat(c4.<Boolean>getAs("churned")).isNull();
    assertThat(c4.getAs("date").toString()).isEqualTo("2026-02-20");
  }

  @SparkUpgradeCanary
  @Test
  void journeysPlannedWithTheirSettingsAggregateBySortingAndGiveTheSameRows() {
    SparkSession spark = TestSpark.session();
    String key = Journeys.PLANNING.keySet().iterator().next();
    String before = spark.conf().get(key);
    TransformSettings s = TransformSettings.defaults(AS_OF);
    List<Row> byDefault = Journeys.table(enriched, s).collectAsList();
    String[] plan = new String[1];
    List<Row> planned = PlannerSettings.during(spark, Journeys.PLANNING, () -> {
      Dataset<Row> j = Journeys.table(enriched, s);
      List<Row> rows = j.collectAsList();
      plan[0] = j.queryExecution().executedPlan().toString();
      return rows;
    });
    // The journeys' own operators: those above the scan of the cached enriched events.
    String journeysPart = plan[0].substring(0, plan[0].indexOf("InMemoryTableScan"));
    assertThat(journeysPart).contains("SortAggregate").doesNotContain("ObjectHashAggregate");
    assertThat(planned).hasSize(byDefault.size()).containsExactlyInAnyOrderElementsOf(byDefault);
    assertThat(spark.conf().get(key)).isEqualTo(before);
  }

  @SparkUpgradeCanary
  @Test
  void theTimelineWindowsCopyTheColumnsTheyDoNotReadAsOneStruct() {
    TransformSettings d = TransformSettings.defaults(AS_OF);
    // Another session gap than the cached enriched events', so the plan is not replaced by that cache.
    TransformSettings s = new TransformSettings(d.sessionGap().plusMinutes(1), d.journeyTimeout(), d.journeyMaxLength(), d.returnWindow(),
        d.contactWindow(), d.referralWindow(), d.churnWindow(), d.stitchLookback(), d.asOf(), d.reportingTimeZone(),
        d.reportingCurrency());
    SparkPlan plan = Transform.enrich(events, s).queryExecution().sparkPlan();
    List<List<String>> windowInputs = new ArrayList<>();
    collectWindowInputs(plan, windowInputs);
    // The timeline's windows run over events; the stitching links' compaction has its own.
    windowInputs.removeIf(columns -> !columns.contains("event_id"));
    assertThat(windowInputs).as("the timeline runs two window operators").hasSize(2);
    for (List<String> columns : windowInputs) {
      assertThat(columns).contains(Timeline.CARRIED).doesNotContain("amount", "source_file", "loaded_date", "date");
      assertThat(columns).as("top-level columns: the ones read, the mark, the helpers").hasSizeLessThanOrEqualTo(
          Timeline.READ.size() + 6);
    }
    Dataset<Row> flat = Transform.events(enriched);
    assertThat(flat.columns()).doesNotContain(Timeline.CARRIED, Journeys.HAS_NEXT, Journeys.POST_PURCHASE)
        .contains(events.columns()).contains("person_key", "session_key", "journey_id");
  }

  /**
   * A full run holds the key rows while it cuts the timelines and stages them afterwards, in a
   * union with each person's first rows: the staged plan must read them from the cache, though
   * Spark flattens a union put into another (without the cache, the links' compaction window is
   * in the plan again).
   */
  @Test
  void aFullRunStagesTheKeyRowsItHeldFromTheCache() {
    List<List<String>> windowInputs = new ArrayList<>();
    Stage stage = (table, rows, dates) -> {
      if (table.equals(CrossDateKeys.TABLE)) {
        collectWindowInputs(rows.queryExecution().sparkPlan(), windowInputs);
        windowInputs.add(List.of("staged"));
      }
      return rows;
    };
    Transform.everyDate(events, TransformSettings.defaults(AS_OF), stage, java.util.function.Supplier::get,
        java.util.Optional.empty());
    assertThat(windowInputs).as("the key rows' plan when staged").containsExactly(List.of("staged"));
  }

  private static void collectWindowInputs(SparkPlan node, List<List<String>> into) {
    if (node instanceof org.apache.spark.sql.execution.window.WindowExec w) {
      List<String> names = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(w.child().output()).forEach(a -> names.add(a.name()));
      into.add(names);
    }
    scala.jdk.javaapi.CollectionConverters.asJava(node.children()).forEach(c -> collectWindowInputs(c, into));
  }

  @Test
  void everyContactOfACaseThatNamesAPurchasedOrderIsPostPurchase() {
    Dataset<Row> ev = EventFixtures.events(TestSpark.session(), List.of(
        e("p", "2026-02-01T10:00:00Z", "purchase", "web",
            ",\"customer_id\":\"k1\",\"order_id\":\"ok\",\"amount\":5,\"currency\":\"USD\""),
        e("k1", "2026-02-02T10:00:00Z", "contact", "phone", ",\"customer_id\":\"k1\",\"case_id\":\"KK\""),
        e("k2", "2026-02-03T10:00:00Z", "contact", "phone",
            ",\"customer_id\":\"k2\",\"case_id\":\"KK\",\"order_id\":\"ok\""),
        e("k3", "2026-02-03T10:00:00Z", "contact", "phone", ",\"customer_id\":\"k2\",\"case_id\":\"OTHER\""),
        e("k4", "2026-02-04T10:00:00Z", "contact", "phone",
            ",\"customer_id\":\"k2\",\"case_id\":\"NONE\",\"order_id\":\"not-bought\"")));
    Map<String, String> journey = new HashMap<>();
    for (Row row : Transform.events(Transform.enrich(ev, TransformSettings.defaults(AS_OF))).collectAsList()) {
      journey.put(row.getAs("event_id"), row.getAs("journey_id"));
    }
    // k1 names no order, but its case KK has k2, which names the purchased order ok.
    assertThat(journey.get("k1")).isNull();
    assertThat(journey.get("k2")).isNull();
    assertThat(journey.get("k3")).isNotNull();
    assertThat(journey.get("k4")).isNotNull();
  }

  @Test
  void aLoginStitchesTheVisitsOfTheLookbackBeforeItAndLaterOnes() {
    String anon = ",\"anonymous_id\":\"a5\"";
    Dataset<Row> ev = EventFixtures.events(TestSpark.session(), List.of(
        e("s1", "2026-01-01T10:00:00Z", "page_view", "web", anon),
        e("s2", "2026-01-06T09:59:59Z", "page_view", "web", anon),
        e("s3", "2026-01-06T10:00:00Z", "page_view", "web", anon),
        e("s4", "2026-02-05T10:00:00Z", "page_view", "web", anon + ",\"customer_id\":\"c5\""),
        e("s5", "2026-02-10T10:00:00Z", "page_view", "web", anon),
        // Another device: logins of two customers; a visit goes to the latest login within 30 days after it.
        e("t1", "2026-01-01T10:00:00Z", "page_view", "app", ",\"anonymous_id\":\"a6\""),
        e("t2", "2026-01-05T10:00:00Z", "page_view", "app", ",\"anonymous_id\":\"a6\",\"customer_id\":\"c6\""),
        e("t3", "2026-01-20T10:00:00Z", "page_view", "app", ",\"anonymous_id\":\"a6\",\"customer_id\":\"c7\""),
        e("t4", "2026-02-25T10:00:00Z", "page_view", "app", ",\"anonymous_id\":\"a6\""),
        e("t5", "2025-12-01T10:00:00Z", "page_view", "app", ",\"anonymous_id\":\"a6\"")));
    Map<String, String> person = new HashMap<>();
    for (Row row : Identity.stitch(ev, TransformSettings.defaults(AS_OF).stitchLookback()).collectAsList()) {
      person.put(row.getAs("event_id"), row.getAs("person_key"));
    }
    // The login of 02-05T10:00 reaches back 30 days: to 01-06T10:00:00 included, not a second earlier.
    assertThat(person.get("s1")).isEqualTo("anon:a5");
    assertThat(person.get("s2")).isEqualTo("anon:a5");
    assertThat(person.get("s3")).isEqualTo("c5");
    assertThat(person.get("s5")).isEqualTo("c5");
    assertThat(person.get("t1")).isEqualTo("c7");
    assertThat(person.get("t4")).isEqualTo("c7");
    assertThat(person.get("t5")).isEqualTo("anon:a6");
  }
}
