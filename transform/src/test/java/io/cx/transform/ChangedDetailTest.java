package io.cx.transform;

import static io.cx.testing.EventFixtures.e;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.ingest.EventContract;
import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The restatement rule of the detail tables on small hand-made nights: which persons a change
 * affects (through identity stitching and order links), which dates it restates, and that the
 * tables after restating equal a full recomputation over all events.
 */
class ChangedDetailTest {
  static final Instant DAY1_END = Instant.parse("2026-03-01T23:59:59.999999Z");
  static final Instant DAY2_END = Instant.parse("2026-03-02T23:59:59.999999Z");

  /** A published output held in memory: restating some dates replaces those partitions. */
  static final class Output implements Stage {
    final Map<String, Dataset<Row>> tables = new HashMap<>();

    @Override
    public Dataset<Row> apply(String table, Dataset<Row> rows, Dates dates) {
      Dataset<Row> published = tables.get(table);
      Dataset<Row> kept = dates.all() || published == null ? null : published.where(col(partition(table))
          .cast("string").isin(dates.only().toArray()).unary_$bang());
      // As the real stage does: only the rows of the dates to restate are written.
      Dataset<Row> now = kept == null ? rows
          : kept.unionByName(rows.where(col(partition(table)).cast("string").isin(dates.only().toArray())));
      tables.put(table, now.localCheckpoint());
      return tables.get(table);
    }

    ChangedDetail.Published published() {
      return new ChangedDetail.Published(tables.get("events"), tables.get("sessions"), tables.get("journeys"),
          tables.get("orders"), tables.get("customers"), java.util.Optional.ofNullable(tables.get(CrossDateKeys.TABLE)),
          java.util.Optional.ofNullable(tables.get(SparseEvents.TABLE)));
    }
  }

  static String partition(String table) {
    if (table.equals(CrossDateKeys.TABLE) || table.equals(SparseEvents.TABLE)) {
      return CrossDateKeys.DATE;
    }
    return DetailTable.DECLARED.stream().filter(d -> d.name().equals(table)).findFirst().orElseThrow()
        .partitionColumn();
  }

  static Output full(Dataset<Row> events, Instant asOf) {
    return full(events, TransformSettings.defaults(asOf));
  }

  static Output full(Dataset<Row> events, TransformSettings s) {
    Output out = new Output();
    Transform.everyDate(events, s, out, java.util.function.Supplier::get, java.util.Optional.empty());
    return out;
  }

  static Dataset<Row> ids(SparkSession spark, String... ids) {
    return spark.createDataset(List.of(ids), Encoders.STRING()).toDF(EventContract.EVENT_ID);
  }

  static void assertSame(Dataset<Row> a, Dataset<Row> b, String table) {
    Column[] cols = Arrays.stream(a.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    assertThat(a.select(cols).exceptAll(b.select(cols)).count()).as("%s rows only after restating", table)
        .isZero();
    assertThat(b.select(cols).exceptAll(a.select(cols)).count()).as("%s rows only in a full run", table)
        .isZero();
  }

  /** Runs night 2 over the output of night 1; checks it against a full run of all events. */
  static Detail night2(List<String> day1, List<String> day2, Output out, String... reloaded) {
    TransformSettings s = TransformSettings.defaults(DAY2_END);
    return night2(day1, day2, out, s, new ReadWindow(java.time.LocalDate.parse("2026-03-02"),
        Windows.of(s, java.time.Duration.ofDays(3))), reloaded);
  }

  /** {@link #night2} with other windows: {@code s} as of the end of day 2, reading {@code window}. */
  static Detail night2(List<String> day1, List<String> day2, Output out, TransformSettings s, ReadWindow window,
      String... reloaded) {
    return night2(day1, day2, out, s, window, o -> { }, reloaded);
  }

  /** {@link #night2}, with {@code olderOutput} applied to night 1's output before night 2 runs. */
  static Detail night2(List<String> day1, List<String> day2, Output out, TransformSettings s, ReadWindow window,
      java.util.function.Consumer<Output> olderOutput, String... reloaded) {
    SparkSession spark = TestSpark.session();
    Dataset<Row> first = EventFixtures.events(spark, day1);
    Dataset<Row> added = EventFixtures.events(spark, day2);
    TransformSettings day1Settings = new TransformSettings(s.sessionGap(), s.journeyTimeout(), s.journeyMaxLength(),
        s.returnWindow(), s.contactWindow(), s.referralWindow(), s.churnWindow(), s.stitchLookback(), DAY1_END, s.reportingTimeZone(),
        s.reportingCurrency());
    Output published = full(first, day1Settings);
    out.tables.putAll(published.tables);
    olderOutput.accept(out);
    Detail d = ChangedDetail.build(out.published(), added.select(ChangedDetail.cleanColumns()), ids(spark, reloaded),
        s, window, (name, rows) -> rows.localCheckpoint(), out);
    Dataset<Row> kept = first.join(ids(spark, reloaded), "event_id", "left_anti");
    Output expected = full(kept.select(ChangedDetail.cleanColumns()).unionByName(added.select(ChangedDetail.cleanColumns())),
        s);
    for (DetailTable t : DetailTable.DECLARED) {
      assertSame(out.tables.get(t.name()), expected.tables.get(t.name()), t.name());
    }
    assertSame(out.tables.get(CrossDateKeys.TABLE), expected.tables.get(CrossDateKeys.TABLE), CrossDateKeys.TABLE);
    assertSame(out.tables.get(SparseEvents.TABLE), expected.tables.get(SparseEvents.TABLE), SparseEvents.TABLE);
    assertSame(SparseEvents.published(d.current().sparseEvents()), expected.tables.get(SparseEvents.TABLE),
        "the sparse events the KPI tables read");
    return d;
  }

  static Output out;
  static Detail night2;

  /**
   * Night 1: a1 browses anonymously; c9 browses; c1 buys o1; c3 browses and calls (case K).
   * c7 opens case K7 (no order); a9 visits on 01-20 and 02-15. Night 2: a1 logs in as c5 and buys; c2 returns part of o1; c8
   * writes in case K7 about o1; a9 logs in as c12; night 1 is reloaded without c3's call.
   */
  @BeforeAll
  static void twoNights() {
    out = new Output();
    night2 = night2(
        List.of(e("v1", "2026-03-01T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a1\""),
            e("x1", "2026-03-01T11:00:00Z", "page_view", "web", ",\"customer_id\":\"c9\""),
            e("p1", "2026-03-01T10:00:00Z", "purchase", "web",
                ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":40,\"currency\":\"USD\""),
            e("q1", "2026-03-01T10:00:00Z", "page_view", "app", ",\"customer_id\":\"c3\""),
            e("q2", "2026-03-01T10:05:00Z", "contact", "phone", ",\"customer_id\":\"c3\",\"case_id\":\"K\""),
            e("q7", "2026-03-01T12:00:00Z", "contact", "chat", ",\"customer_id\":\"c7\",\"case_id\":\"K7\""),
            e("w1", "2026-01-20T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a9\""),
            e("w2", "2026-02-15T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a9\"")),
        List.of(e("v2", "2026-03-02T09:00:00Z", "purchase", "web",
                ",\"anonymous_id\":\"a1\",\"customer_id\":\"c5\",\"order_id\":\"o5\",\"amount\":10,\"currency\":\"USD\""),
            e("r1", "2026-03-02T10:00:00Z", "return", "store",
                ",\"customer_id\":\"c2\",\"order_id\":\"o1\",\"amount\":15,\"currency\":\"USD\""),
            e("q8", "2026-03-02T11:00:00Z", "contact", "chat",
                ",\"customer_id\":\"c8\",\"case_id\":\"K7\",\"order_id\":\"o1\""),
            e("w3", "2026-03-02T12:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a9\",\"customer_id\":\"c12\"")),
        out, "q2");
  }

  @Test
  void aLoginStitchesTheVisitsOfEarlierDaysToTheCustomer() {
    // v1 was anon:a1's; it is now c5's: its date is restated.
    assertThat(night2.changes().orElseThrow().events().dates())
        .containsExactlyInAnyOrder("2026-02-15", "2026-03-01", "2026-03-02");
    assertThat(out.tables.get("events").where("event_id = 'v1'").first().<String>getAs("person_key")).isEqualTo("c5");
    assertThat(out.tables.get("events").where("event_id = 'x1'").first().<String>getAs("person_key")).isEqualTo("c9");
  }

  @Test
  void anAffectedCustomersOtherDeviceKeepsItsStitching() {
    // c20 logged in on a20 in February; a20's visit of 03-01 is c20's. Night 2 brings only a
    // purchase by customer_id: c20 is re-derived, and a20's link, which no record of the night
    // names, still stitches that visit (night2 also holds every table to a full run).
    Output o = new Output();
    night2(List.of(e("l20", "2026-02-20T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a20\",\"customer_id\":\"c20\""),
            e("v20", "2026-03-01T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a20\"")),
        List.of(e("p20", "2026-03-02T09:00:00Z", "purchase", "web",
            ",\"customer_id\":\"c20\",\"order_id\":\"o20\",\"amount\":10,\"currency\":\"USD\"")),
        o);
    assertThat(o.tables.get("events").where("event_id = 'v20'").first().<String>getAs("person_key")).isEqualTo("c20");
  }

  /**
   * An output whose key rows were written before they held the persons' first-seen and first-cart
   * rows: night 2 derives those from the published events, for every person (c21, seen long
   * before the window and not affected, too), and publishes the whole key table.
   */
  @Test
  void theFirstSeenRowsMissingFromAnOlderOutputAreDerivedOnce() {
    Output o = new Output();
    TransformSettings s = TransformSettings.defaults(DAY2_END);
    night2(List.of(e("c21a", "2026-01-05T10:00:00Z", "add_to_cart", "web", ",\"customer_id\":\"c21\""),
            e("c22a", "2026-03-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c22\"")),
        List.of(e("c22b", "2026-03-02T09:00:00Z", "add_to_cart", "web", ",\"customer_id\":\"c22\"")),
        o, s, new ReadWindow(java.time.LocalDate.parse("2026-03-02"), Windows.of(s, java.time.Duration.ofDays(3))),
        older -> older.tables.put(CrossDateKeys.TABLE, older.tables.get(CrossDateKeys.TABLE)
            .where(col(CrossDateKeys.KIND).isin(CrossDateKeys.PERSON_KINDS.toArray()).unary_$bang())));
    assertThat(CrossDateKeys.firsts(o.tables.get(CrossDateKeys.TABLE)).orderBy(CrossDateKeys.PERSON).collectAsList())
        .extracting(Row::toString)
        .containsExactly("[c21,2026-01-05,2026-01-05]", "[c22,2026-03-01,2026-03-02]");
  }

  /**
   * An output published before the sparse events were kept: night 2 derives them from every
   * published event (c31's survey of a date it does not restate too) and publishes them whole.
   */
  @Test
  void theSparseEventsMissingFromAnOlderOutputAreDerivedOnce() {
    Output o = new Output();
    TransformSettings s = TransformSettings.defaults(DAY2_END);
    night2(List.of(e("s31", "2026-01-05T10:00:00Z", "survey", "email",
                ",\"customer_id\":\"c31\",\"survey_type\":\"nps\",\"score\":9"),
            e("k32", "2026-03-01T10:00:00Z", "contact", "phone", ",\"customer_id\":\"c32\",\"case_id\":\"K32\"")),
        List.of(e("k32b", "2026-03-02T09:00:00Z", "contact", "chat", ",\"customer_id\":\"c32\",\"case_id\":\"K32\"")),
        o, s, new ReadWindow(java.time.LocalDate.parse("2026-03-02"), Windows.of(s, java.time.Duration.ofDays(3))),
        older -> older.tables.remove(SparseEvents.TABLE));
    assertThat(o.tables.get(SparseEvents.TABLE).select("event_id").orderBy("event_id").as(Encoders.STRING())
        .collectAsList()).containsExactly("k32", "k32b", "s31");
  }

  @Test
  void aLoginReachesBackNoFurtherThanTheStitchLookback() {
    // The login of 03-02 stitches the visit of 02-15, not the one of 01-20 (41 days before it).
    assertThat(out.tables.get("events").where("event_id = 'w1'").first().<String>getAs("person_key"))
        .isEqualTo("anon:a9");
    assertThat(out.tables.get("events").where("event_id = 'w2'").first().<String>getAs("person_key"))
        .isEqualTo("c12");
  }

  @Test
  void aReturnByAnotherPersonRestatesTheOrderOfItsBuyer() {
    // The order of 03-01 now has a refund: its date is restated although c1 sent nothing new.
    assertThat(night2.changes().orElseThrow().orders().dates()).containsExactlyInAnyOrder("2026-03-01", "2026-03-02");
    assertThat(out.tables.get("orders").where("order_id = 'o1'").first().<java.math.BigDecimal>getAs("refund_amount"))
        .isEqualByComparingTo("15");
  }

  @Test
  void aReloadedDayWithoutAnEventRemovesItAndNamesItsCase() {
    assertThat(night2.changes().orElseThrow().events().keys()).containsExactlyInAnyOrder("K", "K7");
    assertThat(out.tables.get("events").where("event_id = 'q2'").count()).isZero();
    assertThat(out.tables.get("events").count()).isEqualTo(11);
  }

  @Test
  void aContactNamingAPurchasedOrderMakesItsWholeCasePostPurchase() {
    // c7 sent nothing new, but its contact joined a case about o1: it leaves c7's journey.
    assertThat(out.tables.get("events").where("event_id = 'q7'").first().<String>getAs("journey_id")).isNull();
    assertThat(out.tables.get("journeys").where("person_key = 'c7'").count()).isZero();
  }

  /**
   * c20 views a page every 6 days from 01-30: one journey, open at the end of 03-01. Night 2 brings
   * a view more than 30 days after the journey's first event: that journey ends (not_purchased,
   * restating its date) and the view starts a new one.
   */
  @Test
  void aNightPastAJourneysMaximumLengthEndsItAndStartsAnother() {
    Output o = new Output();
    Detail d = night2(List.of(
            e("j1", "2026-01-30T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c20\""),
            e("j2", "2026-02-05T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c20\""),
            e("j3", "2026-02-11T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c20\""),
            e("j4", "2026-02-17T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c20\""),
            e("j5", "2026-02-23T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c20\"")),
        List.of(e("j6", "2026-03-01T10:00:01Z", "page_view", "web", ",\"customer_id\":\"c20\"")), o);
    Map<String, String> outcome = new HashMap<>();
    o.tables.get("journeys").collectAsList().forEach(r -> outcome.put(r.getAs("journey_id"), r.getAs("outcome")));
    assertThat(outcome).containsExactlyInAnyOrderEntriesOf(Map.of("c20|j1", "not_purchased", "c20|j6", "open"));
    assertThat(d.changes().orElseThrow().journeys().dates()).containsExactlyInAnyOrder("2026-02-23", "2026-03-01");
  }

  /**
   * Settings as of the end of day 2 with short windows: journey timeout 3 days, maximum length 10
   * days, return, contact and stitch lookback 1 day each.
   */
  static TransformSettings shortWindows() {
    TransformSettings d = TransformSettings.defaults(DAY2_END);
    return new TransformSettings(d.sessionGap(), java.time.Duration.ofDays(3), java.time.Duration.ofDays(10),
        java.time.Duration.ofDays(1), java.time.Duration.ofDays(1), d.referralWindow(), d.churnWindow(),
        java.time.Duration.ofDays(1), DAY2_END, d.reportingTimeZone(), d.reportingCurrency());
  }

  /** The read window of night 2 (03-02) with {@code s}'s windows and a late-event lookback of 1 day. */
  static ReadWindow shortWindow(TransformSettings s) {
    return new ReadWindow(java.time.LocalDate.parse("2026-03-02"), Windows.of(s, java.time.Duration.ofDays(1)));
  }

  /**
   * c30 views a page every two days from 02-01, and never buys: with a maximum length of 10 days
   * its journeys start on 02-01, 02-13 and 02-25. Night 2 (03-02) reads from 02-04 only: the views
   * dated before 02-28 keep their published journeys (their starts come from the journeys table),
   * so the view of 03-02 continues the journey of 02-25 as in a full run. Cutting afresh from
   * 02-05 would have started journeys on 02-05, 02-17 and 03-01.
   */
  @Test
  void aNightReadsAWindowOfDatesAndContinuesThePublishedJourneys() {
    List<String> day1 = new java.util.ArrayList<>();
    for (java.time.LocalDate d = java.time.LocalDate.parse("2026-02-01"); d.isBefore(java.time.LocalDate.parse(
        "2026-03-02")); d = d.plusDays(2)) {
      day1.add(e("t" + d, d + "T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c30\""));
    }
    TransformSettings s = shortWindows();
    ReadWindow window = shortWindow(s);
    assertThat(window.readFrom()).isEqualTo(java.time.LocalDate.parse("2026-02-04"));
    assertThat(window.pinBefore()).isEqualTo(java.time.LocalDate.parse("2026-02-28"));
    Output o = new Output();
    night2(day1, List.of(e("t-new", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c30\"")), o,
        s, window);
    assertThat(o.tables.get("events").where("event_id = 't-new'").first().<String>getAs("journey_id"))
        .isEqualTo("c30|t2026-02-25");
  }

  /**
   * c60 views a page every five days from 02-05 (never the 7-day timeout apart, within the 30-day
   * maximum length): one open journey. The night's view of 03-02 extends it, so the night reads
   * c60 from 02-05, the journey's first view, though the journeys it re-derives are those dated
   * from 02-21 on: the journey row counts all six views, as in a full run. c61's journey ended
   * with a purchase on 02-10; their night's view starts a new journey, read from 02-20 only.
   */
  @Test
  void aNightReadsAPersonBackToTheStartOfTheJourneyTheirEventsExtend() {
    List<String> day1 = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String d = java.time.LocalDate.parse("2026-02-05").plusDays(5L * i).toString();
      day1.add(e("u" + i, d + "T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c60\""));
    }
    day1.add(e("b1", "2026-02-09T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c61\""));
    day1.add(e("b2", "2026-02-10T10:00:00Z", "purchase", "web",
        ",\"customer_id\":\"c61\",\"order_id\":\"o61\",\"amount\":5,\"currency\":\"USD\""));
    Output o = new Output();
    night2(day1, List.of(e("u5", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c60\""),
        e("b3", "2026-03-02T11:00:00Z", "page_view", "web", ",\"customer_id\":\"c61\"")), o);
    Row journey = o.tables.get("journeys").where("journey_id = 'c60|u0'").first();
    assertThat(journey.<String>getAs("outcome")).isEqualTo("open");
    assertThat(((Number) journey.getAs(JourneysContract.EVENTS)).longValue()).isEqualTo(6);
    assertThat(o.tables.get("events").where("journey_id = 'c60|u0'").count()).isEqualTo(6);
  }

  /**
   * A night aggregates the sessions from the sessions' first open date on (02-27 here), and leaves
   * out a session that also holds an earlier event. c50's tracker session S begins at 23:00 on
   * 02-26 and goes on past midnight: it is dated 02-26, and its event of 02-27 alone must not
   * make a session dated 02-27. Session T begins on 02-28 and gains the night's event of 03-02.
   */
  @Test
  void aNightAggregatesOnlyTheSessionsThatBeginOnTheirOpenDates() {
    String session = ",\"customer_id\":\"c50\",\"session_id\":";
    List<String> day1 = List.of(
        e("s1", "2026-02-26T23:00:00Z", "page_view", "web", session + "\"S\""),
        e("s2", "2026-02-27T00:10:00Z", "page_view", "web", session + "\"S\""),
        e("s3", "2026-02-28T10:00:00Z", "page_view", "web", session + "\"T\""));
    List<String> day2 = List.of(e("s4", "2026-03-02T09:00:00Z", "add_to_cart", "web", session + "\"T\""));
    TransformSettings s = shortWindows();
    ReadWindow window = shortWindow(s);
    assertThat(window.sessionEventsFrom()).isEqualTo(java.time.LocalDate.parse("2026-02-27"));
    Output o = new Output();
    Detail night = night2(day1, day2, o, s, window);
    assertThat(night.changes().orElseThrow().sessions().dates()).containsExactly("2026-02-28");
    List<Row> sessions = o.tables.get("sessions").where("person_key like '%c50'").orderBy("started_at")
        .select(col("session_id"), col("events"), col("date").cast("string")).collectAsList();
    assertThat(sessions).extracting(r -> r.getString(0) + " " + r.getLong(1) + " " + r.getString(2))
        .containsExactly("S 2 2026-02-26", "T 2 2026-02-28");
  }

  /**
   * With a window read from 02-04: c40 is seen on 01-10, answers NPS 3 on 01-12, NPS 10 on 03-01
   * and views on 03-01; night 2 reloads 03-01 without c40's events, so its snapshot
   * falls back to what it did before the window (read from the earlier events). c41 (seen 01-15
   * and 02-25) and c42 (NPS 6 on 01-05) come back on 03-02: their earlier figures come from the
   * published snapshot. Every customer row equals a full run's.
   */
  @Test
  void aCustomerWhoseWindowEventsAreDroppedFallsBackToTheirEarlierEvents() {
    String nps = ",\"survey_type\":\"nps\",\"score\":";
    List<String> day1 = List.of(
        e("n1", "2026-01-10T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c40\""),
        e("n2", "2026-01-12T10:00:00Z", "survey", "email", ",\"customer_id\":\"c40\"" + nps + "3"),
        e("n3", "2026-03-01T09:00:00Z", "survey", "email", ",\"customer_id\":\"c40\"" + nps + "10"),
        e("n4", "2026-03-01T09:30:00Z", "page_view", "web", ",\"customer_id\":\"c40\""),
        e("m1", "2026-01-15T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c41\""),
        e("m2", "2026-02-25T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c41\""),
        e("k1", "2026-01-05T10:00:00Z", "survey", "email", ",\"customer_id\":\"c42\"" + nps + "6"));
    List<String> day2 = List.of(
        e("m3", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c41\""),
        e("k2", "2026-03-02T11:00:00Z", "page_view", "web", ",\"customer_id\":\"c42\""));
    TransformSettings s = shortWindows();
    ReadWindow window = shortWindow(s);
    assertThat(window.readFrom()).isEqualTo(java.time.LocalDate.parse("2026-02-04"));
    Output o = new Output();
    night2(day1, day2, o, s, window, "n3", "n4");
    Row c40 = o.tables.get("customers").where("customer_id = 'c40'").first();
    assertThat(c40.<java.sql.Timestamp>getAs("last_seen_at").toInstant()).isEqualTo(Instant.parse("2026-01-12T10:00:00Z"));
    assertThat(((Number) c40.getAs("latest_nps")).intValue()).isEqualTo(3);
    Row c41 = o.tables.get("customers").where("customer_id = 'c41'").first();
    assertThat(c41.<java.sql.Timestamp>getAs("first_seen_at").toInstant()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
    Row c42 = o.tables.get("customers").where("customer_id = 'c42'").first();
    assertThat(((Number) c42.getAs("latest_nps")).intValue()).isEqualTo(6);
  }

  @Test
  void theAffectedPersonsFollowAnonymousIdsCustomerIdsAndOrderIds() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> published = publishedOnDay1(spark, List.of(
        e("a", "2026-03-01T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a1\""),
        e("b", "2026-03-01T10:00:00Z", "purchase", "web",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":5,\"currency\":\"USD\""),
        e("c", "2026-03-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("d", "2026-03-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c3\""),
        e("f", "2026-03-01T10:00:00Z", "contact", "chat", ",\"customer_id\":\"c7\",\"case_id\":\"K9\""),
        e("g", "2026-03-01T10:00:00Z", "contact", "chat", ",\"customer_id\":\"c9\",\"case_id\":\"K10\",\"order_id\":\"o2\""),
        e("h", "2026-03-01T11:00:00Z", "contact", "chat", ",\"customer_id\":\"c11\",\"case_id\":\"K10\"")));
    Dataset<Row> added = EventFixtures.events(spark, List.of(
        e("n1", "2026-03-02T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a1\",\"customer_id\":\"c5\""),
        e("n2", "2026-03-02T10:00:00Z", "contact", "chat", ",\"customer_id\":\"c6\",\"order_id\":\"o1\""),
        e("n3", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("n4", "2026-03-02T10:00:00Z", "contact", "chat", ",\"customer_id\":\"c8\",\"case_id\":\"K9\""),
        e("n5", "2026-03-02T10:00:00Z", "purchase", "web",
            ",\"customer_id\":\"c10\",\"order_id\":\"o2\",\"amount\":5,\"currency\":\"USD\"")))
        .select(ChangedDetail.cleanColumns());
    Dataset<Row> all = published.select(ChangedDetail.cleanColumns()).unionByName(added);
    Map<String, String> persons = affected(published, added, added, published.limit(0), all);
    // anon:a1 (its visit stitched now to c5, who gains it), c1 (its order is named: only the order
    // row changes), c2 (same customer), the new c5 and c6; c7 (its case K9 gets a contact), c9
    // (names o2, now purchased) and c11 (in c9's case K10): their contacts may change their marks;
    // the new c8 and c10; not c3.
    assertThat(persons).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("anon:a1", "2026-03-01 loses"), Map.entry("c5", "2026-03-01"),
        Map.entry("c1", "2026-03-02"), Map.entry("c2", "2026-03-02"),
        Map.entry("c6", "2026-03-02"), Map.entry("c7", "2026-03-01 loses"),
        Map.entry("c8", "2026-03-02"), Map.entry("c9", "2026-03-01 loses"),
        Map.entry("c10", "2026-03-02"), Map.entry("c11", "2026-03-01 loses")));
  }

  @Test
  void aReplacedEventsPersonIsAffectedThroughItsOwnKeysNotItsEventId() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> published = publishedOnDay1(spark, List.of(
        e("d", "2026-03-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c3\""),
        e("v", "2026-03-01T11:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a7\""),
        e("x", "2026-03-01T12:00:00Z", "page_view", "web", ",\"customer_id\":\"c4\"")));
    // The run's record "d" (another customer's) displaced the published "d"; its "v" replaced the
    // anonymous visitor's "v": ingest hands both published events over as removed.
    Dataset<Row> added = EventFixtures.events(spark, List.of(
        e("d", "2026-03-01T09:00:00Z", "page_view", "web", ",\"customer_id\":\"c12\""),
        e("v", "2026-03-01T10:30:00Z", "page_view", "web", ",\"customer_id\":\"c13\"")))
        .select(ChangedDetail.cleanColumns());
    Dataset<Row> removed = published.where("event_id in ('d', 'v')").select(ChangedDetail.cleanColumns());
    Dataset<Row> kept = published.where("event_id = 'x'").select(ChangedDetail.cleanColumns());
    Map<String, String> persons = affected(published, removed.unionByName(added), added,
        published.where("event_id in ('d', 'v')"), kept.unionByName(added));
    assertThat(persons).containsExactlyInAnyOrderEntriesOf(Map.of("c3", "2026-03-01 loses",
        "anon:a7", "2026-03-01 loses", "c12", "2026-03-01", "c13", "2026-03-01"));
  }

  @Test
  void anAnonymousIdLinkedToTheSameCustomerAgainMovesNoEvent() {
    SparkSession spark = TestSpark.session();
    // a3 logged in as c20 on day 1; its visit before that is c20's already.
    Dataset<Row> published = publishedOnDay1(spark, List.of(
        e("p", "2026-03-01T09:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a3\""),
        e("q", "2026-03-01T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a3\",\"customer_id\":\"c20\""),
        e("r", "2026-03-01T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a4\"")));
    Dataset<Row> added = EventFixtures.events(spark, List.of(
        e("s", "2026-03-02T10:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a3\",\"customer_id\":\"c20\""),
        e("t", "2026-03-02T11:00:00Z", "page_view", "web", ",\"anonymous_id\":\"a4\",\"customer_id\":\"c21\"")))
        .select(ChangedDetail.cleanColumns());
    Dataset<Row> all = published.select(ChangedDetail.cleanColumns()).unionByName(added);
    Map<String, String> persons = affected(published, added, added, published.limit(0), all);
    // c20 only gains its new event; a4's visit of day 1 moves from anon:a4 to c21.
    assertThat(persons).containsExactlyInAnyOrderEntriesOf(Map.of("c20", "2026-03-02",
        "anon:a4", "2026-03-01 loses", "c21", "2026-03-01"));
  }

  /** Events as published by a full run as of the end of day 1. */
  private static Dataset<Row> publishedOnDay1(SparkSession spark, List<String> events) {
    return Transform.publishedEvents(Transform.enrich(EventFixtures.events(spark, events),
        TransformSettings.defaults(DAY1_END)));
  }

  /**
   * The affected persons among {@code published} of the records {@code changed} (added and
   * removed), {@code added} among them and {@code removed} the published events among them,
   * stitched with the links of the events {@code after} the change: person to "change date, loses".
   */
  private static Map<String, String> affected(Dataset<Row> published, Dataset<Row> changed, Dataset<Row> added,
      Dataset<Row> removed, Dataset<Row> after) {
    Map<String, String> persons = new java.util.TreeMap<>();
    AffectedPersons.of(published, SparseEvents.of(published), AffectedPersons.seeds(changed), true, added, removed, Identity.links(after),
            java.time.Duration.ofDays(30), java.time.LocalDate.parse("2026-03-02"))
        .collectAsList().forEach(r -> persons.put(r.getString(0), r.get(1) + (r.getBoolean(2) ? " loses" : "")));
    return persons;
  }

  @Test
  void theKeyRowsAreReadAgainFromTheEarliestRecordAddedOrRemoved() {
    SparkSession spark = TestSpark.session();
    TransformSettings s = TransformSettings.defaults(DAY2_END);
    ReadWindow window = new ReadWindow(java.time.LocalDate.parse("2026-03-02"),
        Windows.of(s, java.time.Duration.ofDays(3)));
    Dataset<Row> added = EventFixtures.events(spark, List.of(
        e("n1", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("n2", "2026-02-28T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\"")));
    Dataset<Row> removed = EventFixtures.events(spark, List.of(
        e("o1", "2026-02-27T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\"")));
    assertThat(FoundPersons.keysChangeFrom(added, removed.limit(0), window))
        .isEqualTo(java.time.LocalDate.parse("2026-02-28"));
    assertThat(FoundPersons.keysChangeFrom(added, removed, window)).isEqualTo(java.time.LocalDate.parse("2026-02-27"));
    // A night that changes nothing reads no earlier date than its own.
    assertThat(FoundPersons.keysChangeFrom(added.limit(0), removed.limit(0), window))
        .isEqualTo(java.time.LocalDate.parse("2026-03-02"));
    // Never before the read window (nothing before it is read).
    Dataset<Row> old = EventFixtures.events(spark, List.of(
        e("o2", "2025-10-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\"")));
    assertThat(FoundPersons.keysChangeFrom(added, old, window)).isEqualTo(window.readFrom());
  }
}
