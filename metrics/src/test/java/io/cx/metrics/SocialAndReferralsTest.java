package io.cx.metrics;

import static io.cx.metrics.KpiTablesComputeTest.expect;
import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import io.cx.transform.Changes;
import io.cx.transform.Dates;
import io.cx.transform.DetailChanges;
import io.cx.transform.DetailTables;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kpi_social}, {@code kpi_referrals} and their scorecard KPIs on a hand-made March 2026,
 * as of 2026-03-31T23:59:59Z, reporting zone UTC, referral window 30 days.
 *
 * <p>Social: on 03-01 four comments with sentiments at and just past the thresholds (0.25 and
 * -0.25 are neutral, 0.26 positive, -0.26 negative), two by customer c1 and two by unlinked
 * handles, and a like by c1 without a sentiment; on 03-02 a 5-star review (1.0) by c2.
 *
 * <p>Referrals: c1 shares code A on 03-01 (app) and again on 03-05 (app); c2 shares B on 03-01
 * 12:00 and c3 shares C on 03-01 11:59:59 (both email). Friend f1 buys with A on 03-06 (within the
 * window of both of c1's referrals: credited once, to the later one); f2 buys with B exactly 30
 * days after it was sent (inside); f3 buys with C 30 days and one second after (outside); f4
 * bought with A on 02-28, before any referral; f5 buys with an unknown code Z.
 */
class SocialAndReferralsTest {
  static final TransformSettings S = TransformSettings.defaults(Instant.parse("2026-03-31T23:59:59Z"));
  static final Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
  static DetailTables detail;
  static Dataset<Row> scorecard;

  static String buys(String customer, String order, String code) {
    return ",\"customer_id\":\"" + customer + "\",\"order_id\":\"" + order + "\",\"amount\":10,\"currency\":\"USD\""
        + ",\"referral_code\":\"" + code + "\"";
  }

  @BeforeAll
  static void build() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> events = EventFixtures.events(spark, List.of(
        e("s1", "2026-03-01T09:00:00Z", "social", "social", ",\"customer_id\":\"c1\",\"engagement\":\"comment\",\"sentiment\":0.25"),
        e("s2", "2026-03-01T09:10:00Z", "social", "social", ",\"anonymous_id\":\"h1\",\"engagement\":\"comment\",\"sentiment\":0.26"),
        e("s3", "2026-03-01T09:20:00Z", "social", "social", ",\"customer_id\":\"c1\",\"engagement\":\"comment\",\"sentiment\":-0.25"),
        e("s4", "2026-03-01T09:30:00Z", "social", "social", ",\"anonymous_id\":\"h2\",\"engagement\":\"comment\",\"sentiment\":-0.26"),
        e("s5", "2026-03-01T09:40:00Z", "social", "social", ",\"customer_id\":\"c1\",\"engagement\":\"like\""),
        e("s6", "2026-03-02T09:00:00Z", "social", "web", ",\"customer_id\":\"c2\",\"engagement\":\"review\",\"sentiment\":1.0"),
        e("r1", "2026-03-01T12:00:00Z", "referral", "app", ",\"customer_id\":\"c1\",\"referral_code\":\"A\""),
        e("r2", "2026-03-05T12:00:00Z", "referral", "app", ",\"customer_id\":\"c1\",\"referral_code\":\"A\""),
        e("r3", "2026-03-01T12:00:00Z", "referral", "email", ",\"customer_id\":\"c2\",\"referral_code\":\"B\""),
        e("r4", "2026-03-01T11:59:59Z", "referral", "email", ",\"customer_id\":\"c3\",\"referral_code\":\"C\""),
        e("p1", "2026-03-06T12:00:00Z", "purchase", "web", buys("f1", "oA1", "A")),
        e("p2", "2026-03-31T12:00:00Z", "purchase", "web", buys("f2", "oB1", "B")),
        e("p3", "2026-03-31T12:00:00Z", "purchase", "web", buys("f3", "oC1", "C")),
        e("p4", "2026-02-28T12:00:00Z", "purchase", "web", buys("f4", "oA0", "A")),
        e("p5", "2026-03-10T12:00:00Z", "purchase", "web", buys("f5", "oZ1", "Z")),
        // f1 reviews the order it bought: after the purchase, in no journey.
        e("rv", "2026-03-07T12:00:00Z", "social", "web",
            ",\"customer_id\":\"f1\",\"engagement\":\"review\",\"order_id\":\"oA1\"")));
    detail = Details.of(events, S);
    for (KpiTable k : KpiTables.DECLARED) {
      kpis.put(k.name(), k.compute(detail, Dates.ALL, S).localCheckpoint());
    }
    scorecard = Scorecard.compute(kpis, detail.events(), detail.orders(), List.of(), S).localCheckpoint();
  }

  static Row row(String table, String where) {
    List<Row> rows = kpis.get(table).where(where).collectAsList();
    assertThat(rows).as("%s where %s", table, where).hasSize(1);
    return rows.get(0);
  }

  static Row scorecardRow(String kpi, String period, String date) {
    List<Row> rows = scorecard.where("kpi = '" + kpi + "' AND period = '" + period + "' AND date = '" + date + "'")
        .collectAsList();
    assertThat(rows).as("%s %s %s", kpi, period, date).hasSize(1);
    return rows.get(0);
  }

  @Test
  void sentimentsAtTheThresholdsAreNeutralAndJustPastThemCount() {
    expect(row(KpiTables.SOCIAL, "date = '2026-03-01' AND touchpoint = 'social' AND engagement = 'comment'"),
        Social.ENGAGEMENTS, 4, Social.PERSONS, 3, Social.CUSTOMERS, 1, Social.WITH_SENTIMENT, 4,
        Social.POSITIVE, 1, Social.NEGATIVE, 1, Social.NET_SENTIMENT, 0.0, KpiTables.MONTH, "2026-03");
    Row like = row(KpiTables.SOCIAL, "date = '2026-03-01' AND engagement = 'like'");
    expect(like, Social.ENGAGEMENTS, 1, Social.PERSONS, 1, Social.CUSTOMERS, 1, Social.WITH_SENTIMENT, 0);
    assertThat(like.<Object>getAs(Social.NET_SENTIMENT)).as("net sentiment without any sentiment").isNull();
    expect(row(KpiTables.SOCIAL, "date = '2026-03-02'"), KpiTables.DATE, java.sql.Date.valueOf("2026-03-02"),
        "touchpoint", "web", "engagement", "review", Social.POSITIVE, 1, Social.NET_SENTIMENT, 100.0);
    assertThat(kpis.get(KpiTables.SOCIAL).count()).isEqualTo(4);
  }

  @Test
  void aReviewOfAPurchasedOrderIsPostPurchase() {
    assertThat(detail.events().where("event_id = 'rv'").select("journey_id").first().isNullAt(0)).isTrue();
    assertThat(detail.journeys().where("person_key = 'f1'").count()).isEqualTo(1);
  }

  @Test
  void netSocialSentimentOfAMonthAddsUpItsDays() {
    // positive: s2, s6; negative: s4; with a sentiment: s1, s2, s3, s4, s6.
    expect(scorecardRow("net_social_sentiment", "month", "2026-03-01"),
        Scorecard.NUMERATOR, 1.0, Scorecard.DENOMINATOR, 5.0, Scorecard.VALUE, 20.0);
  }

  @Test
  void aPurchaseCountsOnceForTheLatestReferralOfItsCodeWithinTheWindow() {
    expect(row(KpiTables.REFERRALS, "date = '2026-03-01' AND channel = 'app'"),
        Referrals.REFERRALS_SENT, 1, Referrals.REFERRING_CUSTOMERS, 1, Referrals.REFERRED_ORDERS, 0,
        Referrals.REFERRAL_CONVERSION, 0.0);
    expect(row(KpiTables.REFERRALS, "date = '2026-03-05' AND channel = 'app'"),
        Referrals.REFERRALS_SENT, 1, Referrals.REFERRED_ORDERS, 1, Referrals.REFERRAL_CONVERSION, 1.0);
    // B's purchase exactly 30 days later counts; C's, one second later, does not.
    expect(row(KpiTables.REFERRALS, "date = '2026-03-01' AND channel = 'email'"),
        Referrals.REFERRALS_SENT, 2, Referrals.REFERRING_CUSTOMERS, 2, Referrals.REFERRED_ORDERS, 1,
        Referrals.REFERRAL_CONVERSION, 0.5, KpiTables.MONTH, "2026-03");
    assertThat(kpis.get(KpiTables.REFERRALS).count()).isEqualTo(3);
  }

  @Test
  void referralRateIsReferringCustomersOverBuyingCustomersOfThePeriod() {
    // March: c1, c2, c3 referred; f1, f2, f3, f5 bought. February: only f4 bought.
    expect(scorecardRow("referral_rate", "month", "2026-03-01"),
        Scorecard.NUMERATOR, 3.0, Scorecard.DENOMINATOR, 4.0, Scorecard.VALUE, 0.75);
    expect(scorecardRow("referral_rate", "month", "2026-02-01"),
        Scorecard.NUMERATOR, 0.0, Scorecard.DENOMINATOR, 1.0, Scorecard.VALUE, 0.0);
    // c1's two referrals in one quarter count c1 once.
    expect(scorecardRow("referral_rate", "quarter", "2026-01-01"),
        Scorecard.NUMERATOR, 3.0, Scorecard.DENOMINATOR, 5.0);
  }

  @Test
  void referralRateCountsACustomerOncePerDayWeekMonthAndQuarterOnEachSide() {
    SparkSession spark = TestSpark.session();
    // c1 refers twice on Monday 03-02, again on Wednesday 03-04 and Monday 03-09, and on 04-01; c2 on
    // 03-04. c1 orders twice on 03-02; c3 on Friday 02-27 and Sunday 03-01 (one week, two months).
    Dataset<Row> events = spark.sql("SELECT * FROM VALUES ('referral', 'c1', DATE'2026-03-02'), "
        + "('referral', 'c1', DATE'2026-03-02'), ('referral', 'c1', DATE'2026-03-04'), ('page_view', 'c3', DATE'2026-03-04'), "
        + "('referral', 'c1', DATE'2026-03-09'), ('referral', 'c1', DATE'2026-04-01'), ('referral', 'c2', DATE'2026-03-04') "
        + "AS t(event_type, customer_id, date)");
    Dataset<Row> orders = spark.sql("SELECT * FROM VALUES ('c1', DATE'2026-03-02'), ('c1', DATE'2026-03-02'), "
        + "('c3', DATE'2026-02-27'), ('c3', DATE'2026-03-01') AS t(customer_id, date)");
    Map<String, List<Double>> rate = new java.util.TreeMap<>();
    Scorecard.referralRate(events, orders).collectAsList().forEach(r -> rate.put(
        r.getAs(Scorecard.PERIOD) + " " + r.getAs(Scorecard.DATE),
        List.of(r.<Double>getAs(Scorecard.NUMERATOR), r.<Double>getAs(Scorecard.DENOMINATOR))));
    assertThat(rate).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("day 2026-02-27", List.of(0.0, 1.0)), Map.entry("day 2026-03-01", List.of(0.0, 1.0)),
        Map.entry("day 2026-03-02", List.of(1.0, 1.0)), Map.entry("day 2026-03-04", List.of(2.0, 0.0)),
        Map.entry("day 2026-03-09", List.of(1.0, 0.0)), Map.entry("day 2026-04-01", List.of(1.0, 0.0)),
        Map.entry("week 2026-02-23", List.of(0.0, 1.0)), Map.entry("week 2026-03-02", List.of(2.0, 1.0)),
        Map.entry("week 2026-03-09", List.of(1.0, 0.0)), Map.entry("week 2026-03-30", List.of(1.0, 0.0)),
        Map.entry("month 2026-02-01", List.of(0.0, 1.0)), Map.entry("month 2026-03-01", List.of(2.0, 2.0)),
        Map.entry("month 2026-04-01", List.of(1.0, 0.0)),
        Map.entry("quarter 2026-01-01", List.of(2.0, 2.0)), Map.entry("quarter 2026-04-01", List.of(1.0, 0.0))));
  }

  @Test
  void aChangedDayRestatesTheReferralsOfTheWindowBeforeIt() {
    Changes none = new Changes(Set.of(), Set.of());
    DetailChanges c = new DetailChanges(new Changes(Set.of("2026-03-31"), Set.of()), none, none, none);
    Set<String> dates = Referrals.TABLE.restates().dates(c, detail, S).only();
    assertThat(dates).contains("2026-03-31", "2026-03-01", "2026-02-28").doesNotContain("2026-02-27", "2026-04-01");
    assertThat(Social.TABLE.restates().dates(c, detail, S).only()).containsExactly("2026-03-31");
  }
}
