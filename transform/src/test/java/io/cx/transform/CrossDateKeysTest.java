package io.cx.transform;

import static io.cx.testing.EventFixtures.e;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key rows a run by date reads instead of every published event: compacted as the contract's
 * stitching needs them, and the same when merged from the rows before a date and the events after
 * it as when computed from all events.
 */
class CrossDateKeysTest {
  static Dataset<Row> events;
  /** The first date of the read window in these cases. */
  static final LocalDate READ_FROM = LocalDate.parse("2026-02-05");

  @BeforeAll
  static void events() {
    String a1 = ",\"anonymous_id\":\"a1\"";
    events = EventFixtures.events(TestSpark.session(), List.of(
        // a1: c1 twice, c2, then c1 again before the window; in it c1 (same run) and then c3.
        e("l1", "2026-01-01T10:00:00Z", "login", "web", a1 + ",\"customer_id\":\"c1\""),
        e("l2", "2026-01-03T10:00:00Z", "page_view", "web", a1 + ",\"customer_id\":\"c1\""),
        e("l3", "2026-01-05T10:00:00Z", "login", "web", a1 + ",\"customer_id\":\"c2\""),
        e("l4", "2026-02-02T10:00:00Z", "login", "web", a1 + ",\"customer_id\":\"c1\""),
        e("l5", "2026-02-06T10:00:00Z", "page_view", "web", a1 + ",\"customer_id\":\"c1\""),
        e("l6", "2026-02-07T10:00:00Z", "login", "web", a1 + ",\"customer_id\":\"c3\""),
        e("v1", "2026-02-08T10:00:00Z", "page_view", "web", a1),
        // a2: two customers at the same instant: both are runs, ordered by customer.
        e("l7", "2026-01-02T10:00:00Z", "login", "app", ",\"anonymous_id\":\"a2\",\"customer_id\":\"c4\""),
        e("l8", "2026-01-02T10:00:00Z", "login", "app", ",\"anonymous_id\":\"a2\",\"customer_id\":\"c3\""),
        // o1 bought before the window and again in it; o2 only in it.
        e("p1", "2026-01-04T10:00:00Z", "purchase", "web", ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":10,\"currency\":\"EUR\""),
        e("p2", "2026-02-10T10:00:00Z", "purchase", "web", ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":10,\"currency\":\"EUR\""),
        e("p3", "2026-02-11T10:00:00Z", "purchase", "web", ",\"customer_id\":\"c5\",\"order_id\":\"o2\",\"amount\":5,\"currency\":\"EUR\""),
        // case K1 names o1 before the window; in it a contact of K1 without an order.
        e("k1", "2026-01-06T10:00:00Z", "contact", "phone", ",\"customer_id\":\"c1\",\"case_id\":\"K1\",\"order_id\":\"o1\""),
        e("k2", "2026-02-12T10:00:00Z", "contact", "phone", ",\"customer_id\":\"c1\",\"case_id\":\"K1\""),
        // case K2 names an order nobody bought.
        e("k3", "2026-02-13T10:00:00Z", "contact", "email", ",\"customer_id\":\"c6\",\"case_id\":\"K2\",\"order_id\":\"o9\"")));
  }

  static List<String> rows(Dataset<Row> keys) {
    return keys.select(org.apache.spark.sql.functions.concat_ws("|", col(CrossDateKeys.KIND), col(CrossDateKeys.KEY),
            org.apache.spark.sql.functions.coalesce(col(CrossDateKeys.VALUE), lit("-")),
            org.apache.spark.sql.functions.coalesce(col(CrossDateKeys.AT).cast("string"), lit("-")),
            col(CrossDateKeys.DATE).cast("string")))
        .as(Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  @Test
  void keepsTheFirstLinkOfEachRunTheEarliestPurchaseAndCaseOrder() {
    assertThat(rows(CrossDateKeys.of(events))).containsExactly(
        "case_order|K1|o1|-|2026-01-06",
        "case_order|K2|o9|-|2026-02-13",
        "link|a1|c1|2026-01-01 10:00:00|2026-01-01",
        "link|a1|c1|2026-02-02 10:00:00|2026-02-02",
        "link|a1|c2|2026-01-05 10:00:00|2026-01-05",
        "link|a1|c3|2026-02-07 10:00:00|2026-02-07",
        "link|a2|c3|2026-01-02 10:00:00|2026-01-02",
        "link|a2|c4|2026-01-02 10:00:00|2026-01-02",
        "purchase|o1|-|-|2026-01-04",
        "purchase|o2|-|-|2026-02-11");
  }

  /** The night's records (the rest was published before, with a link of a4 the night removes). */
  static final List<String> NIGHT = List.of("l5", "l6", "p2", "k2");

  /** The key rows after the night, as a run by date derives them over the published ones. */
  static CrossDateKeys.Current night() {
    org.apache.spark.sql.SparkSession spark = TestSpark.session();
    Dataset<Row> removed = EventFixtures.events(spark, List.of(
        e("r1", "2026-02-14T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a4\",\"customer_id\":\"c7\"")));
    Column isNight = col("event_id").isin(NIGHT.toArray());
    Dataset<Row> added = events.where(isNight);
    Dataset<Row> published = CrossDateKeys.of(events.where(isNight.unary_$bang()).unionByName(removed));
    Dataset<Row> after = events.where(col("date").geq(lit(java.sql.Date.valueOf(READ_FROM))));
    Dataset<Row> touched = CrossDateKeys.touched(AffectedPersons.seeds(added.unionByName(removed)));
    return CrossDateKeys.Current.of(published, touched, CrossDateKeys.changed(published, touched, after, READ_FROM));
  }

  @Test
  void afterANightTheKeyRowsAreThoseOfAllEvents() {
    assertThat(rows(night().rows())).containsExactlyElementsOf(rows(CrossDateKeys.of(events)))
        .noneMatch(r -> r.contains("a4"));
  }

  @Test
  void readingOnlyFromTheNightsEarliestRecordGivesTheSameKeyRows() {
    // The night's earliest record (l5) is dated 2026-02-06: the rows before it are as published.
    LocalDate from = LocalDate.parse("2026-02-06");
    org.apache.spark.sql.SparkSession spark = TestSpark.session();
    Dataset<Row> removed = EventFixtures.events(spark, List.of(
        e("r1", "2026-02-14T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a4\",\"customer_id\":\"c7\"")));
    Column isNight = col("event_id").isin(NIGHT.toArray());
    Dataset<Row> published = CrossDateKeys.of(events.where(isNight.unary_$bang()).unionByName(removed));
    Dataset<Row> touched = CrossDateKeys.touched(AffectedPersons.seeds(events.where(isNight).unionByName(removed)));
    Dataset<Row> after = events.where(col("date").geq(lit(java.sql.Date.valueOf(from))));
    assertThat(rows(CrossDateKeys.Current.of(published, touched,
        CrossDateKeys.changed(published, touched, after, from)).rows()))
        .containsExactlyElementsOf(rows(CrossDateKeys.of(events)));
  }

  @Test
  void aLateLinkBetweenTwoPublishedOnesOfTheSameCustomerSplitsTheirRun() {
    org.apache.spark.sql.SparkSession spark = TestSpark.session();
    String a5 = ",\"anonymous_id\":\"a5\"";
    Dataset<Row> before = EventFixtures.events(spark, List.of(
        e("m1", "2026-02-06T10:00:00Z", "login", "web", a5 + ",\"customer_id\":\"c1\""),
        e("m3", "2026-02-09T10:00:00Z", "login", "web", a5 + ",\"customer_id\":\"c1\"")));
    Dataset<Row> late = EventFixtures.events(spark, List.of(
        e("m2", "2026-02-08T10:00:00Z", "login", "web", a5 + ",\"customer_id\":\"c2\"")));
    Dataset<Row> all = before.unionByName(late);
    // Published, c1's second login is not a row (it continues c1's run); after the late c2 login it is.
    Dataset<Row> published = CrossDateKeys.of(before);
    assertThat(rows(published)).containsExactly("link|a5|c1|2026-02-06 10:00:00|2026-02-06");
    LocalDate from = LocalDate.parse("2026-02-08");
    Dataset<Row> touched = CrossDateKeys.touched(AffectedPersons.seeds(late));
    Dataset<Row> after = all.where(col("date").geq(lit(java.sql.Date.valueOf(from))));
    assertThat(rows(CrossDateKeys.Current.of(published, touched,
        CrossDateKeys.changed(published, touched, after, from)).rows()))
        .containsExactly("link|a5|c1|2026-02-06 10:00:00|2026-02-06", "link|a5|c1|2026-02-09 10:00:00|2026-02-09",
            "link|a5|c2|2026-02-08 10:00:00|2026-02-08")
        .containsExactlyElementsOf(rows(CrossDateKeys.of(all)));
  }

  @Test
  void linksOfTheNightsDevicesReachBeforeTheWindow() {
    Dataset<Row> ids = TestSpark.session().createDataset(List.of("a1", "a2"), Encoders.STRING()).toDF("id");
    assertThat(links(night().linksOf(ids))).isEqualTo(links(Identity.links(events))).hasSize(2);
  }

  static List<String> links(Dataset<Row> links) {
    return links.select(col(Identity.LINK_ANON), col(Identity.LINKS).cast("string"))
        .as(Encoders.tuple(Encoders.STRING(), Encoders.STRING())).collectAsList().stream()
        .map(t -> t._1() + t._2()).sorted().toList();
  }

  @Test
  void aContactInTheWindowIsPostPurchaseThroughItsCasesEarlierContact() {
    CrossDateKeys.Current keys = night();
    Dataset<Row> named = CrossDateKeys.named(events.where(col("event_id").isin("k2", "k3")));
    Dataset<Row> cases = keys.casesOf(named);
    Dataset<Row> purchased = keys.purchasedAmong(named, cases);
    assertThat(purchased.as(Encoders.STRING()).collectAsList()).containsExactly("o1");
    assertThat(CrossDateKeys.postPurchaseCases(cases, purchased).as(Encoders.STRING()).collectAsList())
        .containsExactly("K1");
  }
}
