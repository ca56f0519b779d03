package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cx.metrics.KpiTables;
import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties that must hold on any input, checked on a generated sample (within one quarter):
 * re-aggregating a KPI table's numerators and denominators over all its rows gives the KPI
 * computed directly from the detail tables or the events; purchases and journeys agree; and every
 * table reads in DuckDB with the documented types.
 */
class SampleInvariantsTest {
  @TempDir static Path dir;
  static Path out;

  @BeforeAll
  static void generateAndRun() {
    TestSpark.session();
    Path input = dir.resolve("sample");
    assertThat(Main.execute("generate", "--output", input.toString(), "--customers", "150", "--days", "45",
        "--seed", "11")).isZero();
    out = dir.resolve("out");
    assertThat(Main.execute("run", "--input", input.toString(), "--output", out.toString(),
        "--as-of", "2026-02-15T00:00:00Z")).isZero();
  }

  static String t(String table) {
    return Duck.table(out, table);
  }

  static double one(String sql) {
    return ((Number) Duck.query(sql).get(0).get(0)).doubleValue();
  }

  /** Re-aggregated from the KPI table, and computed directly: the same number. */
  static void same(String reaggregated, String direct) {
    double a = one(reaggregated);
    double b = one(direct);
    assertThat(a).as(reaggregated + "\n  vs " + direct).isCloseTo(b, within(1e-9));
  }

  @Test
  void everyPurchaseBelongsToExactlyOneJourney() {
    assertThat(Duck.count("SELECT count(*) FROM " + t("events") + " WHERE event_type = 'purchase'")).isPositive();
    assertThat(Duck.count("SELECT count(*) FROM " + t("events")
        + " WHERE event_type = 'purchase' AND journey_id IS NULL")).isZero();
    assertThat(Duck.count("SELECT count(*) FROM (SELECT journey_id FROM " + t("events")
        + " WHERE event_type = 'purchase' GROUP BY 1 HAVING count(*) > 1)")).isZero();
    assertThat(Duck.count("SELECT count(*) FROM " + t("events") + " e JOIN " + t("journeys")
        + " j USING (journey_id) WHERE e.event_type = 'purchase' AND (j.outcome <> 'purchased' OR j.ended_at <> e.event_time)"))
        .isZero();
  }

  @Test
  void ordersAddUpToTheDistinctPurchases() {
    long distinct = Duck.count("SELECT count(DISTINCT order_id) FROM " + t("events") + " WHERE event_type = 'purchase'");
    assertThat(Duck.count("SELECT sum(orders) FROM " + t(KpiTables.RETURNS))).isEqualTo(distinct);
    assertThat(Duck.count("SELECT sum(orders) FROM " + t(KpiTables.ORDER_CONTACTS))).isEqualTo(distinct);
    assertThat(Duck.count("SELECT sum(orders) FROM " + t(KpiTables.REPEAT_PURCHASE))).isEqualTo(distinct);
    assertThat(Duck.count("SELECT sum(purchases) FROM " + t(KpiTables.PAGES_BEFORE_PURCHASE))).isEqualTo(distinct);
    assertThat(Duck.count("SELECT count(*) FROM " + t("orders"))).isEqualTo(distinct);
  }

  @Test
  void reaggregatedKpisEqualTheWholePeriodKpis() {
    same("SELECT sum(abandoned_cart_sessions) / sum(cart_sessions) FROM " + t(KpiTables.CART_ABANDONMENT),
        "SELECT count(*) FILTER (has_cart AND NOT has_purchase) / count(*) FILTER (has_cart) FROM " + t("sessions"));
    same("SELECT sum(returned_orders) / sum(orders) FROM " + t(KpiTables.RETURNS),
        "SELECT avg(CASE WHEN returned THEN 1 ELSE 0 END) FROM " + t("orders"));
    same("SELECT sum(refund_amount) / sum(revenue) FROM " + t(KpiTables.RETURNS),
        "SELECT sum(refund_amount) / sum(amount) FROM " + t("orders"));
    same("SELECT sum(orders_with_contact) / sum(orders) FROM " + t(KpiTables.ORDER_CONTACTS),
        "SELECT avg(CASE WHEN contacts > 0 THEN 1 ELSE 0 END) FROM " + t("orders"));
    same("SELECT sum(repeat_orders) / sum(orders) FROM " + t(KpiTables.REPEAT_PURCHASE),
        "SELECT avg(CASE WHEN order_index >= 2 THEN 1 ELSE 0 END) FROM " + t("orders"));
    same("SELECT sum(page_views_sum) / sum(purchases) FROM " + t(KpiTables.PAGES_BEFORE_PURCHASE),
        "SELECT avg(page_views_before_purchase) FROM " + t("journeys") + " WHERE outcome = 'purchased'");
    same("SELECT sum(purchased_journeys) / sum(closed_journeys) FROM " + t(KpiTables.JOURNEY_CONVERSION),
        "SELECT avg(CASE WHEN outcome = 'purchased' THEN 1 ELSE 0 END) FROM " + t("journeys") + " WHERE outcome <> 'open'");
    same("SELECT sum(purchased_journeys) / sum(closed_journeys) FROM " + t(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL),
        "SELECT sum(purchased_journeys) / sum(closed_journeys) FROM " + t(KpiTables.JOURNEY_CONVERSION));
    same("SELECT sum(wait_seconds_sum) / sum(wait_seconds_count) FROM " + t(KpiTables.SERVICE_CONTACTS),
        "SELECT avg(wait_seconds) FROM " + t("events") + " WHERE event_type = 'contact'");
    same("SELECT sum(contacts) FROM " + t(KpiTables.SERVICE_CONTACTS),
        "SELECT count(*) FROM " + t("events") + " WHERE event_type = 'contact'");
    same("SELECT sum(cases_opened) FROM " + t(KpiTables.SERVICE_CONTACTS),
        "SELECT count(DISTINCT case_id) FROM " + t("events") + " WHERE event_type = 'contact'");
    same("SELECT sum(first_contact_resolved) / sum(cases_opened) FROM " + t(KpiTables.SERVICE_CONTACTS),
        "SELECT avg(CASE WHEN resolved THEN 1 ELSE 0 END) FROM (SELECT arg_min(resolved, (event_time, event_id)) AS resolved"
            + " FROM " + t("events") + " WHERE event_type = 'contact' GROUP BY case_id)");
    same("SELECT (sum(promoters) - sum(detractors)) * 100.0 / sum(responses) FROM " + t(KpiTables.SURVEYS)
            + " WHERE survey_type = 'nps'",
        "SELECT (count(*) FILTER (score >= 9) - count(*) FILTER (score <= 6)) * 100.0 / count(*) FROM " + t("events")
            + " WHERE survey_type = 'nps'");
    same("SELECT sum(events) FROM " + t(KpiTables.TOUCHPOINT_SUMMARY), "SELECT count(*) FROM " + t("events"));
  }

  @Test
  void theQuarterOfTheScorecardIsTheWholeSample() {
    for (String kpi : List.of("conversion_rate", "return_rate", "nps", "fcr_rate", "wait_seconds_avg")) {
      double quarter = one("SELECT value FROM " + t(KpiTables.SCORECARD)
          + " WHERE period = 'quarter' AND date = '2026-01-01' AND kpi = '" + kpi + "'");
      double months = one("SELECT sum(numerator) / sum(denominator) * CASE WHEN '" + kpi + "' = 'nps' THEN 100 ELSE 1 END FROM "
          + t(KpiTables.SCORECARD) + " WHERE period = 'month' AND kpi = '" + kpi + "'");
      assertThat(quarter).as(kpi).isCloseTo(months, within(1e-9));
    }
  }

  @Test
  void everyTableReadsInDuckDbWithTheDocumentedTypes() {
    Map<String, Map<String, String>> expected = Map.of(
        "events", Map.of("event_time", "TIMESTAMP WITH TIME ZONE", "amount", "DECIMAL(18,2)", "date", "DATE"),
        "sessions", Map.of("started_at", "TIMESTAMP WITH TIME ZONE", "events", "BIGINT", "has_cart", "BOOLEAN"),
        "journeys", Map.of("touchpoints", "VARCHAR[]", "channels", "VARCHAR[]", "events", "BIGINT"),
        "orders", Map.of("amount", "DECIMAL(18,2)", "refund_amount", "DECIMAL(18,2)", "order_index", "BIGINT"),
        "customers", Map.of("net_revenue", "DECIMAL(18,2)", "churned", "BOOLEAN", "orders", "BIGINT"),
        KpiTables.RETURNS, Map.of("revenue", "DECIMAL(18,2)", "return_rate", "DOUBLE", "orders", "BIGINT"),
        KpiTables.RETENTION_COHORTS, Map.of("month", "VARCHAR", "retention_rate", "DOUBLE", "cohort_customers", "BIGINT"),
        KpiTables.SERVICE_CONTACTS, Map.of("wait_seconds_sum", "BIGINT", "fcr_rate", "DOUBLE", "date", "DATE"),
        KpiTables.SCORECARD, Map.of("value", "DOUBLE", "on_track", "BOOLEAN", "date", "DATE", "period_end", "DATE"));
    expected.forEach((table, types) -> assertThat(Duck.types(out, table)).as(table).containsAllEntriesOf(types));
    for (String table : KpiTables.ALL) {
      Map<String, String> types = Duck.types(out, table);
      types.forEach((column, type) -> assertThat(type).as(table + "." + column)
          .isIn("VARCHAR", "BIGINT", "DOUBLE", "DATE", "BOOLEAN", "INTEGER", "DECIMAL(18,2)"));
      types.entrySet().stream().filter(e -> e.getKey().endsWith("_rate") || e.getKey().endsWith("_avg"))
          .forEach(e -> assertThat(e.getValue()).as(table + "." + e.getKey()).isEqualTo("DOUBLE"));
    }
  }
}
