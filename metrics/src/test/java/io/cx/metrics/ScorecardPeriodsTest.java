package io.cx.metrics;

import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import io.cx.transform.Dates;
import io.cx.transform.DetailTables;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorecard of the periods from one date on, as a run by date computes it, against the
 * scorecard of every period: a year of orders, returns, NPS answers and referrals by three
 * customers, as of 2026-12-16, churn window 90 days. The periods a run restates leave out most of
 * the orders, so churn comes from each customer's latest order before them; the periods they are
 * compared with start earlier, and their values are read as published ({@code every}).
 */
class ScorecardPeriodsTest {
  static final TransformSettings S = TransformSettings.defaults(Instant.parse("2026-12-16T23:59:59Z"));
  static final List<Goal> GOALS = List.of(Goal.parse("return_rate", "month", "-10%"),
      Goal.parse("churn_rate", "quarter", "-0.05"));
  static final Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
  static DetailTables detail;
  static Dataset<Row> every;

  @BeforeAll
  static void build() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), List.of(
        e("a1", "2026-01-20T12:00:00Z", "purchase", "web", SegmentsTest.buys("c1", "o1", 10)),
        e("a2", "2026-02-03T12:00:00Z", "purchase", "web", SegmentsTest.buys("c1", "o2", 20)),
        e("a3", "2026-02-09T12:00:00Z", "return", "web", SegmentsTest.buys("c1", "o2", 20)),
        e("a4", "2026-05-30T23:30:00Z", "purchase", "store", SegmentsTest.buys("c1", "o3", 30)),
        e("a5", "2026-09-28T08:00:00Z", "purchase", "store", SegmentsTest.buys("c1", "o4", 40)),
        e("b1", "2026-03-15T12:00:00Z", "purchase", "app", SegmentsTest.buys("c2", "o5", 50)),
        e("b2", "2026-03-16T12:00:00Z", "referral", "app", ",\"customer_id\":\"c2\",\"referral_code\":\"R2\""),
        e("b3", "2026-07-01T00:00:00Z", "purchase", "app", SegmentsTest.buys("c2", "o6", 60)),
        e("b4", "2026-07-02T10:00:00Z", "survey", "email", ",\"customer_id\":\"c2\",\"survey_type\":\"nps\",\"score\":9"),
        e("b5", "2026-10-05T10:00:00Z", "referral", "app", ",\"customer_id\":\"c2\",\"referral_code\":\"R3\""),
        e("c1", "2026-04-01T12:00:00Z", "purchase", "web", SegmentsTest.buys("c3", "o7", 70)),
        e("c2", "2026-11-30T12:00:00Z", "purchase", "web", SegmentsTest.buys("c3", "o8", 80)),
        e("c3", "2026-12-01T12:00:00Z", "return", "web", SegmentsTest.buys("c3", "o8", 80)),
        e("c4", "2026-12-07T12:00:00Z", "survey", "email", ",\"customer_id\":\"c3\",\"survey_type\":\"nps\",\"score\":3")));
    detail = Details.of(events, S);
    for (KpiTable k : KpiTables.DECLARED) {
      kpis.put(k.name(), k.compute(detail, Dates.ALL, S).localCheckpoint());
    }
    every = Scorecard.compute(kpis, detail.sparseEvents(), detail.orders(), GOALS, S).localCheckpoint();
  }

  @Test
  void thePeriodsFromADateOnAreThoseOfEveryPeriodsScorecard() {
    // A quarter start, a Monday whose week began in the quarter before, a month start, a day.
    for (String first : List.of("2026-10-01", "2026-09-28", "2026-07-01", "2026-12-14", "2026-12-16")) {
      Dates periods = Dates.between(LocalDate.parse(first), LocalDate.parse("2026-12-16"));
      Dataset<Row> some = Scorecard.compute(kpis, detail.sparseEvents(), detail.orders(), java.util.Optional.empty(),
          java.util.Optional.of(every), GOALS, S, periods);
      KpiTablesComputeTest.assertSameRows(some, periods.on(every, KpiTables.DATE), "from " + first);
    }
  }

  /**
   * The same periods with churn reading the orders before a day collapsed per customer ({@link
   * io.cx.transform.OrderHistory}): collapsed at the first period's start, before an order's own
   * date (c1's o4 on 09-28, c2's o6 on 07-01 stay orders of their own), or earlier. A history that
   * collapses after the first period's start is not used.
   */
  @Test
  void thePeriodsFromADateOnAreTheSameWithTheOrdersBeforeThemCollapsed() {
    for (String[] firstAndBefore : new String[][] {{"2026-10-01", "2026-10-01"}, {"2026-09-28", "2026-09-28"},
        {"2026-12-14", "2026-07-01"}, {"2026-07-01", "2026-10-01"}}) {
      Dates periods = Dates.between(LocalDate.parse(firstAndBefore[0]), LocalDate.parse("2026-12-16"));
      io.cx.transform.OrderHistory history = io.cx.transform.OrderHistory.of(detail.orders(),
          LocalDate.parse(firstAndBefore[1]), S);
      Dataset<Row> some = Scorecard.compute(kpis, detail.sparseEvents(), detail.orders(), java.util.Optional.of(history),
          java.util.Optional.of(every), GOALS, S, periods);
      KpiTablesComputeTest.assertSameRows(some, periods.on(every, KpiTables.DATE),
          "from " + firstAndBefore[0] + ", collapsed before " + firstAndBefore[1]);
    }
  }

  /**
   * The periods before the first restated one are final: their published values are what the
   * restated ones are compared with, not values computed again. Published values changed on
   * purpose show through in previous_value and change (and the goal's target) of exactly the
   * restated periods whose period before starts before the first, and in no other row.
   */
  @Test
  void theRestatedPeriodsAreComparedWithThePublishedValuesBeforeThem() {
    LocalDate first = LocalDate.parse("2026-10-01");
    Dates periods = Dates.between(first, LocalDate.parse("2026-12-16"));
    Dataset<Row> marked = every.withColumn(Scorecard.VALUE, org.apache.spark.sql.functions.when(
        org.apache.spark.sql.functions.col(KpiTables.DATE).lt(java.sql.Date.valueOf(first))
            .and(org.apache.spark.sql.functions.col(Scorecard.VALUE).isNotNull()),
        org.apache.spark.sql.functions.lit(-1000.0)).otherwise(org.apache.spark.sql.functions.col(Scorecard.VALUE)));
    Dataset<Row> some = Scorecard.compute(kpis, detail.sparseEvents(), detail.orders(), java.util.Optional.empty(),
        java.util.Optional.of(marked), GOALS, S, periods).localCheckpoint();
    String comparedWithFinal = "previous_value IS NOT NULL AND (period = 'quarter' AND date = '2026-10-01' "
        + "OR period = 'month' AND date = '2026-10-01' OR period = 'week' AND date = '2026-10-05' "
        + "OR period = 'day' AND date = '2026-10-01')";
    assertThat(some.where(comparedWithFinal).count()).as("rows compared with a final period").isPositive();
    assertThat(some.where(comparedWithFinal + " AND previous_value <> -1000.0").count())
        .as("compared with the published value").isZero();
    assertThat(some.where("NOT (" + comparedWithFinal + ") AND previous_value = -1000.0").count())
        .as("no other row reads a published value").isZero();
    KpiTablesComputeTest.assertSameRows(some.where("NOT (" + comparedWithFinal + ")"),
        periods.on(every, KpiTables.DATE).where("NOT (" + comparedWithFinal + ")"), "the other rows");
  }

  @Test
  void aRunByDateNeedsThePublishedScorecard() {
    Dates periods = Dates.between(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-16"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scorecard.compute(kpis, detail.sparseEvents(),
            detail.orders(), java.util.Optional.empty(), java.util.Optional.empty(), GOALS, S, periods))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("published");
  }

  @Test
  void theFixtureReachesEveryKindOfRow() {
    assertThat(every.where("kpi = 'churn_rate' AND period = 'quarter' AND date = '2026-10-01' AND numerator = 1")
        .count()).as("c2 lapsed by the quarter's end (as of 12-16)").isOne();
    assertThat(every.where("kpi = 'referral_rate' AND period = 'quarter' AND date = '2026-10-01'").count()).isOne();
    assertThat(every.where("kpi = 'churn_rate' AND period = 'quarter' AND date = '2026-10-01' AND target IS NOT NULL")
        .count()).isOne();
  }

  @Test
  void aPeriodStartsOpenFromTheQuarterOrTheWeekOfItsFirstOpenDay() {
    assertThat(Scorecard.firstPeriodStart(LocalDate.parse("2026-11-18"))).isEqualTo(LocalDate.parse("2026-10-01"));
    // 2026-10-01 is a Thursday: its week began on Monday 09-28, in the quarter before.
    assertThat(Scorecard.firstPeriodStart(LocalDate.parse("2026-10-02"))).isEqualTo(LocalDate.parse("2026-09-28"));
    assertThat(Scorecard.firstPeriodStart(LocalDate.parse("2026-10-01"))).isEqualTo(LocalDate.parse("2026-09-28"));
  }
}
