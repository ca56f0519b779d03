package io.cx.metrics;

import static io.cx.metrics.KpiTablesComputeTest.expect;
import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import io.cx.transform.DetailTables;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kpi_lifecycle} by hand, 2026, as of 2026-12-31T23:59:59Z, churn window 90 days.
 *
 * <p>c1 walks every stage: a page view in January (awareness), a cart in February
 * (consideration), an order on 03-02 (first_purchase) and 04-04 (repeat), an NPS 10 in May
 * (advocate, still in June: the last order is 87.5 days before July), then nothing: lapsed at the
 * end of July (118.5 days). c2 buys once on 06-10 and sends a referral the next day: one order is
 * not repeat, so first_purchase, lapsed at the end of September. Visitor v1 only looks, in March.
 */
class LifecycleTest {
  static final TransformSettings S = TransformSettings.defaults(Instant.parse("2026-12-31T23:59:59Z"));
  static Dataset<Row> lifecycle;

  static DetailTables detail;

  @BeforeAll
  static void build() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), List.of(
        e("a", "2026-01-05T12:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("b", "2026-02-03T12:00:00Z", "add_to_cart", "web", ",\"customer_id\":\"c1\""),
        e("c", "2026-03-02T12:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":10,\"currency\":\"USD\""),
        e("d", "2026-04-04T12:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c1\",\"order_id\":\"o2\",\"amount\":10,\"currency\":\"USD\""),
        e("f", "2026-05-06T12:00:00Z", "survey", "email", ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":10"),
        e("g", "2026-06-10T12:00:00Z", "purchase", "store",
            ",\"customer_id\":\"c2\",\"order_id\":\"o3\",\"amount\":10,\"currency\":\"USD\""),
        e("h", "2026-06-11T12:00:00Z", "referral", "app", ",\"customer_id\":\"c2\",\"referral_code\":\"R\""),
        e("v", "2026-03-15T12:00:00Z", "page_view", "web", ",\"anonymous_id\":\"v1\"")));
    detail = Details.of(events, S);
    lifecycle = Lifecycle.TABLE.compute(detail, io.cx.transform.Dates.ALL, S).localCheckpoint();
  }

  static Row row(String month, String stage) {
    List<Row> rows = lifecycle.where("month = '" + month + "' AND stage = '" + stage + "'").collectAsList();
    assertThat(rows).as("%s %s", month, stage).hasSize(1);
    return rows.get(0);
  }

  @Test
  void aPersonWalksEveryStageAndEachStepIsAFlow() {
    expect(row("2026-01", "awareness"), "persons", 1, "entered", 1, "from_none", 1);
    expect(row("2026-02", "consideration"), "persons", 1, "entered", 1, "from_awareness", 1);
    expect(row("2026-03", "first_purchase"), "persons", 1, "entered", 1, "from_consideration", 1);
    expect(row("2026-04", "repeat"), "persons", 1, "entered", 1, "from_first_purchase", 1);
    expect(row("2026-05", "advocate"), "persons", 1, "entered", 1, "from_repeat", 1);
    expect(row("2026-06", "advocate"), "persons", 1, "entered", 0, "from_advocate", 1);
    expect(row("2026-07", "lapsed"), "persons", 1, "entered", 1, "from_advocate", 1);
    expect(row("2026-12", "lapsed"), "persons", 2, "entered", 0, "from_lapsed", 2);
  }

  @Test
  void oneOrderAndAReferralIsNotAnAdvocateAndAVisitorStaysAware() {
    expect(row("2026-06", "first_purchase"), "persons", 1, "entered", 1, "from_none", 1);
    expect(row("2026-08", "first_purchase"), "persons", 1, "entered", 0, "from_first_purchase", 1);
    expect(row("2026-09", "lapsed"), "persons", 2, "entered", 1, "from_first_purchase", 1, "from_lapsed", 1);
    expect(row("2026-03", "awareness"), "persons", 1, "entered", 1, "from_none", 1);
    expect(row("2026-12", "awareness"), "persons", 1, "entered", 0, "from_awareness", 1);
    assertThat(lifecycle.where("stage = 'advocate'").count()).isEqualTo(2); // May and June, c1 only
  }

  /**
   * A run by date computes the months from its first open one to the as-of month: the same rows,
   * flows included, as the computation of every month has there. July's lapsed c1 came from
   * June's advocate, made by May's NPS answer and two orders before it.
   */
  @Test
  void theMonthsFromOneOnAreThoseOfEveryMonthsComputation() {
    for (String first : List.of("2026-01-01", "2026-02-01", "2026-06-01", "2026-07-01", "2026-12-01")) {
      io.cx.transform.Dates months = KpiTablesComputeTest.months(first, "2026-12-01");
      KpiTablesComputeTest.assertSameRows(Lifecycle.TABLE.compute(detail, months, S),
          months.on(lifecycle, KpiTables.DATE), "from " + first);
    }
    Dataset<Row> july = Lifecycle.TABLE.compute(detail, KpiTablesComputeTest.months("2026-07-01", "2026-12-01"), S);
    assertThat(july.where("month = '2026-07' AND stage = 'lapsed' AND from_advocate = 1").count()).isOne();
  }

  /**
   * The same months with the orders before a day collapsed per customer ({@link
   * io.cx.transform.OrderHistory}), as a run by date reads them: collapsed at the month before the
   * first month computed (c1's two orders before June in one row), before an order's own date (c1's
   * o2 on 04-04 stays an order of its own), or earlier. A history that collapses after that month is not used.
   */
  @Test
  void theMonthsFromOneOnAreTheSameWithTheOrdersBeforeThemCollapsed() {
    KpiTablesComputeTest.assertSameWithOrdersCollapsed(Lifecycle.TABLE, detail, lifecycle, S, "2026-12-01",
        new String[][] {{"2026-05-01", "2026-04-01"}, {"2026-07-01", "2026-06-01"}, {"2026-07-01", "2026-04-04"},
        {"2026-07-01", "2026-03-01"}, {"2026-04-01", "2026-06-10"}});
  }

  @Test
  void theFlowsIntoAStageAddUpToItsPersons() {
    StringBuilder sum = new StringBuilder("0");
    Lifecycle.previousStages().forEach(p -> sum.append(" + from_").append(p));
    assertThat(lifecycle.where("persons <> " + sum).count()).isZero();
    assertThat(lifecycle.select("month").distinct().count()).isEqualTo(12);
  }
}
