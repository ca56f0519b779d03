package io.cx.metrics;

import static io.cx.testing.EventFixtures.e;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import io.cx.transform.Changes;
import io.cx.transform.Dates;
import io.cx.transform.DetailChanges;
import io.cx.transform.DetailTables;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each KPI table, its restatement rule and the scorecard on a tiny hand-made history, as of
 * 2026-03-31T23:59:59Z, reporting zone UTC, default windows (session gap 30 min, journey timeout
 * 7 days, return and contact windows 30 days, churn 90 days).
 *
 * <p>The story. c1 browses the web on 03-02 (two page views, a cart), buys o1 (100.00); calls
 * about it on 03-03 (case K1, unresolved, 60 s wait) and 03-04 (resolved, 120 s wait); returns
 * 30.00 of it on 03-05; answers NPS 10 on 03-06. c2 bought o2 (50.00) in store on 02-10; puts a
 * cart in the app on 03-02 and leaves (the next event is 8 days later: the journey times out);
 * buys o3 (20.00) in store on 03-10; answers NPS 5 on 03-20. c3's only order, o4 (10.00), is
 * from 2025-11-01: lapsed (churned) at the end of March.
 */
class KpiTablesComputeTest {
  static final Instant AS_OF = Instant.parse("2026-03-31T23:59:59Z");
  static final TransformSettings S = TransformSettings.defaults(AS_OF);
  static final String USD = ",\"currency\":\"USD\"";
  static DetailTables detail;
  static final Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
  static Dataset<Row> scorecard;

  @BeforeAll
  static void build() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> events = EventFixtures.events(spark, List.of(
        e("c1a", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\",\"session_id\":\"S1\""),
        e("c1b", "2026-03-02T10:05:00Z", "page_view", "web", ",\"customer_id\":\"c1\",\"session_id\":\"S1\""),
        e("c1c", "2026-03-02T10:06:00Z", "add_to_cart", "web",
            ",\"customer_id\":\"c1\",\"session_id\":\"S1\",\"amount\":100"),
        e("c1d", "2026-03-02T10:10:00Z", "purchase", "web",
            ",\"customer_id\":\"c1\",\"session_id\":\"S1\",\"order_id\":\"o1\",\"amount\":100" + USD),
        e("c1e", "2026-03-03T09:00:00Z", "contact", "phone",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"case_id\":\"K1\",\"wait_seconds\":60,\"resolved\":false"),
        e("c1f", "2026-03-04T09:00:00Z", "contact", "phone",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"case_id\":\"K1\",\"wait_seconds\":120,\"resolved\":true"),
        e("c1g", "2026-03-05T09:00:00Z", "return", "web",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":30" + USD),
        e("c1h", "2026-03-06T09:00:00Z", "survey", "email",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"survey_type\":\"nps\",\"score\":10"),
        e("c2a", "2026-02-10T15:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c2\",\"order_id\":\"o2\",\"amount\":50" + USD),
        e("c2b", "2026-03-02T12:00:00Z", "add_to_cart", "app",
            ",\"customer_id\":\"c2\",\"session_id\":\"A1\",\"amount\":20"),
        e("c2c", "2026-03-10T12:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c2\",\"order_id\":\"o3\",\"amount\":20" + USD),
        e("c2d", "2026-03-20T12:00:00Z", "survey", "email",
            ",\"customer_id\":\"c2\",\"order_id\":\"o3\",\"survey_type\":\"nps\",\"score\":5"),
        e("c3a", "2025-11-01T12:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c3\",\"order_id\":\"o4\",\"amount\":10" + USD)));
    detail = Details.of(events, S);
    for (KpiTable k : KpiTables.DECLARED) {
      kpis.put(k.name(), k.compute(detail, Dates.ALL, S).localCheckpoint());
    }
    scorecard = Scorecard.compute(kpis, detail.events(), detail.orders(),
        List.of(Goal.parse("return_rate", "month", "-10%"), Goal.parse("nps", "month", "+5")), S).localCheckpoint();
  }

  static Row row(String table, String where) {
    List<Row> rows = kpis.get(table).where(where).collectAsList();
    assertThat(rows).as("%s where %s", table, where).hasSize(1);
    return rows.get(0);
  }

  static void expect(Row row, Object... columnThenValue) {
    for (int i = 0; i < columnThenValue.length; i += 2) {
      String c = (String) columnThenValue[i];
      Object want = columnThenValue[i + 1];
      Object got = row.getAs(c);
      if (want instanceof Number n && got instanceof Number g) {
        assertThat(g.doubleValue()).as(c).isCloseTo(n.doubleValue(), within(1e-9));
      } else {
        assertThat(got).as(c).isEqualTo(want);
      }
    }
  }

  @Test
  void cartAbandonmentCountsCartSessionsWhoseJourneyDidNotBuy() {
    expect(row(KpiTables.CART_ABANDONMENT, "date = '2026-03-02' AND channel = 'web'"),
        CartAbandonment.CART_SESSIONS, 1, CartAbandonment.ABANDONED_CART_SESSIONS, 0);
    expect(row(KpiTables.CART_ABANDONMENT, "date = '2026-03-02' AND channel = 'app'"),
        CartAbandonment.CART_SESSIONS, 1, CartAbandonment.ABANDONED_CART_SESSIONS, 1,
        CartAbandonment.CART_ABANDONMENT_RATE, 1.0);
  }

  @Test
  void pagesBeforePurchaseCountsTheJourneysPageViews() {
    expect(row(KpiTables.PAGES_BEFORE_PURCHASE, "date = '2026-03-02'"), PagesBeforePurchase.PURCHASES, 1,
        PagesBeforePurchase.PAGE_VIEWS_SUM, 2);
    expect(row(KpiTables.PAGES_BEFORE_PURCHASE, "date = '2026-03-10'"), PagesBeforePurchase.PURCHASES, 1,
        PagesBeforePurchase.PAGE_VIEWS_SUM, 0);
  }

  @Test
  void returnsOrderContactsAndRepeatPurchaseAreCountedOnThePurchaseDate() {
    expect(row(KpiTables.RETURNS, "date = '2026-03-02'"), Returns.ORDERS, 1, Returns.REVENUE, 100,
        Returns.RETURNED_ORDERS, 1, Returns.REFUND_AMOUNT, 30, Returns.RETURN_RATE, 1.0);
    expect(row(KpiTables.RETURNS, "date = '2026-03-10'"), Returns.ORDERS, 1, Returns.RETURNED_ORDERS, 0);
    expect(row(KpiTables.ORDER_CONTACTS, "date = '2026-03-02'"), OrderContacts.ORDERS, 1,
        OrderContacts.ORDERS_WITH_CONTACT, 1);
    expect(row(KpiTables.ORDER_CONTACTS, "date = '2026-03-10'"), OrderContacts.ORDERS_WITH_CONTACT, 0);
    expect(row(KpiTables.REPEAT_PURCHASE, "date = '2026-03-02'"), RepeatPurchase.FIRST_ORDERS, 1,
        RepeatPurchase.REPEAT_ORDERS, 0);
    expect(row(KpiTables.REPEAT_PURCHASE, "date = '2026-03-10'"), RepeatPurchase.FIRST_ORDERS, 0,
        RepeatPurchase.REPEAT_ORDERS, 1, RepeatPurchase.CUSTOMERS, 1);
  }

  @Test
  void serviceContactsCountACaseWhereItOpensAndItsResolutionWhereItResolves() {
    expect(row(KpiTables.SERVICE_CONTACTS, "date = '2026-03-03'"), ServiceContacts.CONTACTS, 1,
        ServiceContacts.CASES_OPENED, 1, ServiceContacts.FIRST_CONTACT_RESOLVED, 0, ServiceContacts.CASES_RESOLVED, 0,
        ServiceContacts.WAIT_SECONDS_SUM, 60);
    expect(row(KpiTables.SERVICE_CONTACTS, "date = '2026-03-04'"), ServiceContacts.CONTACTS, 1,
        ServiceContacts.CASES_OPENED, 0, ServiceContacts.CASES_RESOLVED, 1,
        ServiceContacts.RESOLUTION_SECONDS_SUM, 86_400, ServiceContacts.WAIT_SECONDS_AVG, 120);
  }

  @Test
  void surveysCountPromotersAndDetractors() {
    expect(row(KpiTables.SURVEYS, "date = '2026-03-06'"), Surveys.RESPONSES, 1, Surveys.PROMOTERS, 1);
    expect(row(KpiTables.SURVEYS, "date = '2026-03-20'"), Surveys.RESPONSES, 1, Surveys.DETRACTORS, 1);
  }

  @Test
  void journeyConversionByFirstAndLastChannel() {
    // c1's journey: web, bought o1. c2's app cart: closed unbought (8 silent days). o2, o3: store, bought.
    expect(row(KpiTables.JOURNEY_CONVERSION, "date = '2026-03-02' AND first_channel = 'web'"),
        JourneyConversion.CLOSED_JOURNEYS, 1, JourneyConversion.PURCHASED_JOURNEYS, 1);
    expect(row(KpiTables.JOURNEY_CONVERSION, "date = '2026-03-02' AND first_channel = 'app'"),
        JourneyConversion.CLOSED_JOURNEYS, 1, JourneyConversion.PURCHASED_JOURNEYS, 0);
    expect(row(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL, "date = '2026-03-10' AND last_channel = 'store'"),
        JourneyConversion.CLOSED_JOURNEYS, 1, JourneyConversion.PURCHASED_JOURNEYS, 1);
  }

  @Test
  void touchpointSummaryCountsEventsAndPersons() {
    expect(row(KpiTables.TOUCHPOINT_SUMMARY, "date = '2026-03-02' AND channel = 'web'"), TouchpointSummary.EVENTS, 4,
        TouchpointSummary.PERSONS, 1, TouchpointSummary.PAGE_VIEWS, 2, TouchpointSummary.ADD_TO_CARTS, 1);
    assertThat(kpis.get(KpiTables.TOUCHPOINT_SUMMARY).agg(org.apache.spark.sql.functions.sum(TouchpointSummary.EVENTS))
        .first().getLong(0)).isEqualTo(13);
  }

  @Test
  void retentionCohortsFollowACustomerFromTheirFirstOrderMonth() {
    expect(row(KpiTables.RETENTION_COHORTS, "month = '2026-02' AND months_since_first = 1"),
        RetentionCohorts.COHORT_CUSTOMERS, 1, RetentionCohorts.ACTIVE_CUSTOMERS, 1);
  }

  /** Every table with rows by date, and the scorecard, is partitioned by the month of that date. */
  @Test
  void eachRowIsInTheMonthOfItsDate() {
    for (KpiTable k : KpiTables.DECLARED) {
      // This story has no social events or referrals; SocialAndReferralsTest checks those months.
      if (k.dateColumn().isEmpty() || k == Social.TABLE || k == Referrals.TABLE) {
        continue;
      }
      Dataset<Row> rows = kpis.get(k.name());
      assertThat(rows.count()).as(k.name()).isPositive();
      assertThat(rows.where("month IS NULL OR month <> date_format(date, 'yyyy-MM')").count()).as(k.name()).isZero();
    }
    assertThat(scorecard.where("month <> date_format(date, 'yyyy-MM')").count()).isZero();
    // A week or quarter is filed under the month of its first day, even when it ends in another.
    assertThat(scorecard.where("period IN ('week', 'quarter') AND month <> date_format(period_end, 'yyyy-MM')")
        .count()).isPositive();
  }

  /** Computed for some dates, every daily table holds exactly its rows of those dates in a full computation. */
  @Test
  void everyDailyTableComputedForSomeDatesEqualsTheFullComputationThere() {
    Dates some = Dates.of(Set.of("2026-03-02", "2026-03-04", "2026-03-20"));
    for (KpiTable k : KpiTables.DECLARED) {
      if (k.dateColumn().isEmpty()) {
        continue;
      }
      assertSameRows(k.compute(detail, some, S), some.on(kpis.get(k.name()), KpiTables.DATE), k.name());
    }
  }

  /** The same rows, as many times each, whatever the order of rows and columns. */
  static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected, String as) {
    Column[] cols = Arrays.stream(expected.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    assertThat(actual.select(cols).exceptAll(expected.select(cols)).count()).as(as + ": rows not expected").isZero();
    assertThat(expected.select(cols).exceptAll(actual.select(cols)).count()).as(as + ": rows missing").isZero();
  }

  /** The first days of the months from {@code first} to {@code last}, as a run by date restates a monthly table. */
  /**
   * A monthly table computed as of {@code s} from each {@code {first month, day collapsed before}}
   * pair to {@code lastMonth}, with the orders before that day collapsed per customer
   * ({@link io.cx.transform.OrderHistory}), has the rows of {@code every} (its computation of
   * every month) in those months.
   */
  static void assertSameWithOrdersCollapsed(KpiTable table, DetailTables detail, Dataset<Row> every,
      TransformSettings s, String lastMonth, String[][] firstAndBefore) {
    for (String[] c : firstAndBefore) {
      Dates months = months(c[0], lastMonth);
      DetailTables collapsed = detail.withOrderHistory(io.cx.transform.OrderHistory.of(detail.orders(),
          java.time.LocalDate.parse(c[1]), s));
      assertSameRows(table.compute(collapsed, months, s), months.on(every, KpiTables.DATE),
          "from " + c[0] + ", collapsed before " + c[1]);
    }
  }

  static Dates months(String first, String last) {
    Set<String> out = new java.util.TreeSet<>();
    for (java.time.LocalDate m = java.time.LocalDate.parse(first); !m.isAfter(java.time.LocalDate.parse(last));
        m = m.plusMonths(1)) {
      out.add(m.toString());
    }
    return Dates.of(out);
  }

  static Changes changed(Set<String> dates, Set<String> keys) {
    return new Changes(dates, keys);
  }

  static final Changes NONE = changed(Set.of(), Set.of());

  @Test
  void aChangedContactRestatesEveryDateOfItsCase() {
    DetailChanges c = new DetailChanges(changed(Set.of("2026-03-04"), Set.of("K1")), NONE, NONE, NONE);
    assertThat(ServiceContacts.TABLE.restates().dates(c, detail, S).only())
        .containsExactlyInAnyOrder("2026-03-03", "2026-03-04");
    assertThat(Surveys.TABLE.restates().dates(c, detail, S).only()).containsExactly("2026-03-04");
    assertThat(Returns.TABLE.restates().dates(c, detail, S).only()).isEmpty();
  }

  @Test
  void aChangedJourneyRestatesTheDatesOfItsCartSessionsAndItsPurchase() {
    String c1Journey = detail.orders().where("order_id = 'o1'").first().getAs("journey_id");
    DetailChanges c = new DetailChanges(NONE, NONE, changed(Set.of("2026-03-02"), Set.of(c1Journey)), NONE);
    assertThat(CartAbandonment.TABLE.restates().dates(c, detail, S).only()).containsExactly("2026-03-02");
    assertThat(PagesBeforePurchase.TABLE.restates().dates(c, detail, S).only()).containsExactly("2026-03-02");
    assertThat(JourneyConversion.FIRST_CHANNEL_TABLE.restates().dates(c, detail, S).only()).containsExactly("2026-03-02");
    assertThat(RetentionCohorts.TABLE.restates().dates(c, detail, S).all()).isTrue();
  }

  @Test
  void aChangedOrderRestatesItsPurchaseDateAndTheContactsPerOrderOfThatDay() {
    DetailChanges c = new DetailChanges(NONE, NONE, NONE, changed(Set.of("2026-03-10"), Set.of()));
    for (KpiTable k : List.of(Returns.TABLE, OrderContacts.TABLE, RepeatPurchase.TABLE, ServiceContacts.TABLE)) {
      assertThat(k.restates().dates(c, detail, S).only()).as(k.name()).containsExactly("2026-03-10");
    }
  }

  static Row scorecardRow(String where) {
    List<Row> rows = scorecard.where(where).collectAsList();
    assertThat(rows).as("cx_scorecard where %s", where).hasSize(1);
    return rows.get(0);
  }

  @Test
  void scorecardReaggregatesNumeratorsAndComparesWithThePreviousPeriod() {
    // March: o1 returned, o3 not: 1 / 2. February: o2 not returned: 0 / 1.
    expect(scorecardRow("period = 'month' AND date = '2026-03-01' AND kpi = 'return_rate'"),
        Scorecard.NUMERATOR, 1, Scorecard.DENOMINATOR, 2, Scorecard.VALUE, 0.5, Scorecard.PREVIOUS_VALUE, 0.0,
        Scorecard.CHANGE, 0.5);
    // NPS in March: one promoter, one detractor of two answers: 0 points.
    expect(scorecardRow("period = 'month' AND date = '2026-03-01' AND kpi = 'nps'"), Scorecard.VALUE, 0.0,
        Scorecard.DENOMINATOR, 2);
    Row feb = scorecardRow("period = 'month' AND date = '2026-02-01' AND kpi = 'return_rate'");
    assertThat(feb.<Object>getAs(Scorecard.PREVIOUS_VALUE)).isNull();
  }

  @Test
  void scorecardGoalsSetATargetFromTheBaselineAndSayWhetherItIsMet() {
    // return_rate -10% per month over a baseline of 0: target 0, and 0.5 is not on track.
    expect(scorecardRow("period = 'month' AND date = '2026-03-01' AND kpi = 'return_rate'"),
        Scorecard.BASELINE, 0.0, Scorecard.TARGET, 0.0, Scorecard.ON_TRACK, false);
    // No goal on the weekly rate: no target.
    Row week = scorecardRow("period = 'week' AND date = '2026-03-02' AND kpi = 'return_rate'");
    assertThat(week.<Object>getAs(Scorecard.TARGET)).isNull();
  }

  @Test
  void scorecardChurnIsTheShareOfCustomersLapsedAtThePeriodEnd() {
    // End of March (the as-of time): c1, c2 ordered within 90 days; c3's last order is from November.
    expect(scorecardRow("period = 'month' AND date = '2026-03-01' AND kpi = 'churn_rate'"),
        Scorecard.NUMERATOR, 1, Scorecard.DENOMINATOR, 3);
    // End of February: c2 (02-10) and c3 (11-01, 120 days before 03-01): one of two lapsed.
    expect(scorecardRow("period = 'month' AND date = '2026-02-01' AND kpi = 'churn_rate'"),
        Scorecard.NUMERATOR, 1, Scorecard.DENOMINATOR, 2);
  }
}
