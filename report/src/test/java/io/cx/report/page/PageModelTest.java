package io.cx.report.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.InputException;
import io.cx.report.page.PageModel.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which number lands in which section of the page, on a tiny output whose numbers are counted by hand. */
class PageModelTest {
  static final String HOSTILE = "<img src=x onerror=alert(1)>";
  static final Instant NOW = Instant.parse("2026-03-05T08:00:00Z");

  @TempDir static Path dir;
  static Path out;

  @BeforeAll
  static void write() {
    out = dir.resolve("out");
    new TinyOutput(out)
        .table("cx_scorecard", """
            SELECT * REPLACE (strftime(date, '%Y-%m') AS month) FROM (VALUES
              ('day', DATE '2026-01-05', DATE '2026-01-05', 'cart_abandonment_rate', 0.5, 1.0, 2.0, NULL, NULL, NULL, NULL, NULL, false, ''),
              ('month', DATE '2026-01-01', DATE '2026-01-31', 'cart_abandonment_rate', 0.25, 1.0, 4.0, NULL, NULL, NULL, NULL, NULL, false, ''),
              ('month', DATE '2026-02-01', DATE '2026-02-28', 'cart_abandonment_rate', 0.5833333333, 7.0, 12.0, 0.25, 0.3333333333, 0.25, 0.2375, false, false, ''),
              ('month', DATE '2026-01-01', DATE '2026-01-31', 'nps', 20.0, 1.0, 5.0, NULL, NULL, NULL, NULL, NULL, true, ''),
              ('month', DATE '2026-02-01', DATE '2026-02-28', 'nps', 40.0, 2.0, 5.0, 20.0, 20.0, NULL, NULL, NULL, true, ''),
              ('month', DATE '2026-03-01', DATE '2026-03-31', 'nps', 0.0, 0.0, 1.0, 40.0, -40.0, NULL, NULL, NULL, true, ''))
            AS t(period, date, period_end, kpi, value, numerator, denominator, previous_value, change, baseline,
                 target, on_track, higher_is_better, month)""")
        .table("kpi_cart_abandonment", """
            SELECT channel, sessions::BIGINT AS sessions, cart_sessions::BIGINT AS cart_sessions,
                   abandoned::BIGINT AS abandoned_cart_sessions, recovered::BIGINT AS recovered_carts,
                   abandoned / cart_sessions AS cart_abandonment_rate, date, strftime(date, '%Y-%m') AS month
            FROM (VALUES ('web', 10, 4, 2, 1, DATE '2026-02-01'), ('web', 20, 6, 3, 0, DATE '2026-02-15'),
                         ('app', 5, 2, 2, 1, DATE '2026-02-01'), ('web', 8, 4, 1, 0, DATE '2026-01-10'),
                         ('web', 1, 1, 1, 0, DATE '2026-03-01'))
            AS t(channel, sessions, cart_sessions, abandoned, recovered, date)""")
        .table("kpi_service_contacts", """
            SELECT channel, touchpoint, contacts::BIGINT AS contacts, 1::BIGINT AS cases_opened,
                   1::BIGINT AS first_contact_resolved, wait::BIGINT AS wait_seconds_sum,
                   waits::BIGINT AS wait_seconds_count, p90 AS wait_seconds_p90, 0::BIGINT AS handle_seconds_sum,
                   0::BIGINT AS handle_seconds_count, 0::BIGINT AS cases_resolved,
                   NULL::DOUBLE AS resolution_seconds_sum, 6::BIGINT AS day_contacts, day_orders::BIGINT AS day_orders,
                   date, strftime(date, '%Y-%m') AS month
            FROM (VALUES ('phone', 'call_center', 3, 180, 3, 90.0, 10, DATE '2026-02-02'),
                         ('chat', 'live_chat', 1, 10, 1, 10.0, 10, DATE '2026-02-02'),
                         ('phone', 'call_center', 2, 120, 2, 70.0, 5, DATE '2026-02-03'))
            AS t(channel, touchpoint, contacts, wait, waits, p90, day_orders, date)""")
        .table("kpi_surveys", """
            SELECT 'app' AS channel, touchpoint, survey_type, responses::BIGINT AS responses,
                   promoters::BIGINT AS promoters, passives::BIGINT AS passives, detractors::BIGINT AS detractors,
                   satisfied::BIGINT AS satisfied, NULL::BIGINT AS score_sum, NULL::BIGINT AS easy,
                   date, strftime(date, '%Y-%m') AS month
            FROM (VALUES ('HOSTILE', 'nps', 5, 3, 1, 1, NULL, DATE '2026-02-10'),
                         ('post_purchase', 'csat', 4, NULL, NULL, NULL, 3, DATE '2026-02-11'))
            AS t(touchpoint, survey_type, responses, promoters, passives, detractors, satisfied, date)"""
            .replace("HOSTILE", HOSTILE))
        .table("kpi_social", """
            SELECT date, touchpoint, engagement, n::BIGINT AS engagements, n::BIGINT AS persons, 0::BIGINT AS customers,
                   ws::BIGINT AS with_sentiment, pos::BIGINT AS positive, neg::BIGINT AS negative,
                   (pos - neg) * 100.0 / nullif(ws, 0) AS net_sentiment, strftime(date, '%Y-%m') AS month
            FROM (VALUES ('instagram', 'comment', 4, 4, 3, 1, DATE '2026-02-03'),
                         ('instagram', 'like', 6, 0, 0, 0, DATE '2026-02-04'),
                         ('product_reviews', 'review', 5, 5, 1, 3, DATE '2026-02-05'),
                         ('instagram', 'comment', 2, 2, 0, 2, DATE '2026-01-20'))
            AS t(touchpoint, engagement, n, ws, pos, neg, date)""")
        .table("kpi_referrals", """
            SELECT date, channel, sent::BIGINT AS referrals_sent, sent::BIGINT AS referring_customers,
                   referred::BIGINT AS referred_orders, referred / sent AS referral_conversion,
                   strftime(date, '%Y-%m') AS month
            FROM (VALUES ('app', 4, 1, DATE '2026-02-01'), ('app', 4, 2, DATE '2026-02-20'),
                         ('email', 2, 0, DATE '2026-02-02'), ('app', 5, 5, DATE '2026-01-02'))
            AS t(channel, sent, referred, date)""")
        .table("kpi_segments", """
            SELECT date, kind AS segment_kind, segment, customers::BIGINT AS customers, orders::BIGINT AS orders,
                   0::DECIMAL(18,2) AS revenue, returned::BIGINT AS returned_orders, 0::BIGINT AS orders_with_contact,
                   responses::BIGINT AS responses, promoters::BIGINT AS promoters, detractors::BIGINT AS detractors,
                   churned::BIGINT AS churned, strftime(date, '%Y-%m') AS month
            FROM (VALUES ('rfm', 'at_risk', 4, 2, 1, 0, 0, 0, 3, DATE '2026-02-01'),
                         ('rfm', 'champions', 6, 10, 1, 4, 3, 0, 0, DATE '2026-02-01'),
                         ('persona', 'loyalist', 7, 9, 2, 2, 2, 0, 1, DATE '2026-02-01'),
                         ('persona', 'unknown', 3, 3, 0, 2, 0, 2, 2, DATE '2026-02-01'),
                         ('rfm', 'champions', 1, 1, 0, 0, 0, 0, 0, DATE '2026-01-01'))
            AS t(kind, segment, customers, orders, returned, responses, promoters, detractors, churned, date)""")
        .table("kpi_lifecycle", """
            SELECT date, stage, persons::BIGINT AS persons, entered::BIGINT AS entered, fn::BIGINT AS from_none,
                   fa::BIGINT AS from_awareness, 0::BIGINT AS from_consideration, 0::BIGINT AS from_first_purchase,
                   0::BIGINT AS from_repeat, 0::BIGINT AS from_advocate, 0::BIGINT AS from_lapsed,
                   strftime(date, '%Y-%m') AS month
            FROM (VALUES ('awareness', 5, 2, 2, 3, DATE '2026-02-01'), ('awareness', 3, 3, 3, 0, DATE '2026-01-01'),
                         ('consideration', 1, 1, 0, 1, DATE '2026-02-01'))
            AS t(stage, persons, entered, fn, fa, date)""")
        .table("kpi_retention_cohorts", """
            SELECT m::BIGINT AS months_since_first, activity_month, 10::BIGINT AS cohort_customers,
                   active::BIGINT AS active_customers, active / 10 AS retention_rate, '2026-01' AS month
            FROM (VALUES (0, '2026-01', 10), (1, '2026-02', 4)) AS t(m, activity_month, active)""")
        .manifest("""
            {"run_id": "r1", "command": "run", "status": "succeeded", "as_of": "2026-03-02T00:00:00Z",
             "output": "/x", "configuration": {"reporting-time-zone": "UTC"},
             "inputs": [{"input": "in", "format": "jsonl", "rows_read": 100, "rows_valid": 90,
                         "rows_rejected": 8, "rows_duplicate": 2}],
             "total": {"input": "total", "rows_read": 100, "rows_valid": 90, "rows_rejected": 8,
                       "rows_duplicate": 2, "rejects_by_reason": {"unknown_channel": 3, "missing_event_id": 5}},
             "order_linkage": [{"event_type": "return", "status": "outside_window", "events": 2, "amount": 10.5},
                               {"event_type": "return", "status": "linked", "events": 7, "amount": 70.0}]}""");
  }

  static PageModel model(String grain) {
    return Report.model(new Configuration(), out.toString(), grain, NOW);
  }

  static Section section(PageModel m, String id) {
    return m.sections().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theLastCompleteMonthAgainstTheOneBefore() {
    PageModel m = model("month");
    assertThat(m.header().periodLabel()).isEqualTo("February 2026");
    assertThat(m.header().previousLabel()).isEqualTo("January 2026");
    assertThat(m.header().dataThrough()).isEqualTo("1 Mar 2026");
    assertThat(m.header().periodInProgress()).isFalse();
  }

  @Test
  void aPeriodWhoseLastDayIsNotOverYetIsNotTheCurrentOne() throws Exception {
    // As of 21:00 on the last day of February in the reporting zone: February is not over, so the
    // page shows January against December, as the run's headline does; data through 28 Feb.
    Path late = dir.resolve("late");
    try (var files = Files.walk(out)) {
      for (Path p : files.toList()) {
        Files.copy(p, late.resolve(out.relativize(p).toString()));
      }
    }
    Path manifest = late.resolve("_manifests/latest.json");
    Files.writeString(manifest, Files.readString(manifest)
        .replace("\"as_of\": \"2026-03-02T00:00:00Z\"", "\"as_of\": \"2026-02-28T21:00:00Z\""));
    PageModel m = Report.model(new Configuration(), late.toString(), "month", NOW);
    assertThat(m.header().asOf()).isEqualTo("2026-02-28T21:00:00Z");
    assertThat(m.header().periodLabel()).isEqualTo("January 2026");
    assertThat(m.header().previousLabel()).isEqualTo("December 2025");
    assertThat(m.header().dataThrough()).isEqualTo("28 Feb 2026");
    // At midnight the day before is over: February is.
    Files.writeString(manifest, Files.readString(manifest).replace("2026-02-28T21:00:00Z", "2026-03-01T00:00:00Z"));
    assertThat(Report.model(new Configuration(), late.toString(), "month", NOW).header().periodLabel())
        .isEqualTo("February 2026");
  }

  @Test
  void scorecardCardsShowThePeriodsValueGoalAndTrend() {
    Section s = section(model("month"), "scorecard");
    PageModel.Card cart = s.cards().stream().filter(c -> c.kpi().equals("cart_abandonment_rate")).findFirst().orElseThrow();
    assertThat(cart.value()).isEqualTo("58.3%");
    assertThat(cart.previous()).isEqualTo("25.0%");
    assertThat(cart.change()).isEqualTo("+33.3 pp");
    assertThat(cart.direction()).isEqualTo("bad"); // up, and lower is better
    assertThat(cart.goal()).isEqualTo("target 23.8% (baseline 25.0%)");
    assertThat(cart.onTrack()).isEqualTo("off track");
    assertThat(cart.ratio()).isEqualTo("7 / 12");
    PageModel.Card nps = s.cards().stream().filter(c -> c.kpi().equals("nps")).findFirst().orElseThrow();
    assertThat(nps.value()).isEqualTo("+40.0");
    assertThat(nps.direction()).isEqualTo("good");
    assertThat(nps.goal()).isEqualTo("no goal set");
    assertThat(nps.previous()).isEqualTo("+20.0");
    // The trend ends at the period shown: March (in progress) is not on it.
    PageModel.Chart trend = s.chart("trend-nps");
    assertThat(trend.labels()).containsExactly("Jan 2026", "Feb 2026");
    assertThat(trend.series().get(0).values()).containsExactly(20.0, 40.0);
  }

  @Test
  void cartAbandonmentAddsTheDaysNumeratorsAndDenominators() {
    Section s = section(model("month"), "carts");
    PageModel.DataTable t = s.table("carts-table");
    assertThat(t.cell("web", "Abandonment rate")).isEqualTo("50.0%"); // (2 + 3) / (4 + 6); March's row is out
    assertThat(t.cell("app", "Abandonment rate")).isEqualTo("100.0%");
    assertThat(t.cell(SectionParts.ALL, "Abandonment rate")).isEqualTo("58.3%");
    assertThat(t.cell("web", "Rate, Jan 2026")).isEqualTo("25.0%");
    assertThat(t.cell("app", "Rate, Jan 2026")).isEqualTo("–");
    assertThat(t.cell("web", "Sessions")).isEqualTo("30");
    PageModel.Chart rate = s.chart("cart-rate");
    assertThat(rate.labels()).containsExactly("web", "app"); // most cart sessions first
    assertThat(rate.series().get(0).numerators()).containsExactly(5.0, 2.0);
    assertThat(rate.series().get(0).denominators()).containsExactly(10.0, 2.0);
  }

  @Test
  void contactsPer100OrdersCountEachDaysOrdersOnce() {
    Section s = section(model("month"), "service");
    PageModel.DataTable t = s.table("service-table");
    assertThat(t.cell("phone", "Contacts per 100 orders")).isEqualTo("33.33"); // 5 of 10 + 5 orders
    assertThat(t.cell(SectionParts.ALL, "Contacts per 100 orders")).isEqualTo("40.00");
    assertThat(t.cell("phone", "Average wait")).isEqualTo("60 s"); // 300 s over 5 waits
    PageModel.Chart p90 = s.chart("service-wait-p90");
    assertThat(p90.labels()).containsExactly("2026-02-02", "2026-02-03");
    assertThat(p90.series()).extracting(PageModel.Series::name)
        .containsExactly("chat · live_chat", "phone · call_center");
    assertThat(p90.series().get(0).values()).containsExactly(10.0, null); // no chat contact on the 3rd: a gap
  }

  @Test
  void surveysByTouchpointAndRetentionHeatmap() {
    PageModel m = model("month");
    PageModel.DataTable surveys = section(m, "surveys").table("surveys-table");
    assertThat(surveys.cell(HOSTILE, "Score")).isEqualTo("+40.0");
    assertThat(surveys.cell("post_purchase", "Score")).isEqualTo("75.0%");
    PageModel.DataTable cohorts = section(m, "repeat").table("retention");
    assertThat(cohorts.cell("2026-01", "Month 1")).isEqualTo("40.0%");
    assertThat(cohorts.rows().get(0).get(3).title()).isEqualTo("4 of 10 customers ordered in 2026-02");
  }

  @Test
  void socialNetSentimentAndReferralConversionAddUpTheDays() {
    PageModel m = model("month");
    Section social = section(m, "social");
    PageModel.DataTable t = social.table("social-table");
    assertThat(t.cell("instagram", "Posts")).isEqualTo("10");
    assertThat(t.cell("instagram", "Net sentiment")).isEqualTo("+50.0"); // (3 - 1) / 4
    assertThat(t.cell("instagram", "Net sentiment, Jan 2026")).isEqualTo("-100.0");
    assertThat(t.cell("product_reviews", "Net sentiment")).isEqualTo("-40.0"); // (1 - 3) / 5
    assertThat(t.cell("All touchpoints", "Net sentiment")).isEqualTo("+0.0"); // (4 - 4) / 9
    PageModel.Chart net = social.chart("social-net");
    assertThat(net.labels()).containsExactly("instagram", "product_reviews");
    assertThat(net.series().get(0).numerators()).containsExactly(2.0, -2.0);
    assertThat(net.series().get(0).denominators()).containsExactly(4.0, 5.0);
    assertThat(social.chart("social-kinds").labels()).containsExactly("like", "review", "comment");
    PageModel.DataTable r = section(m, "referrals").table("referrals-table");
    assertThat(r.cell("app", "Conversion")).isEqualTo("37.5%"); // (1 + 2) / (4 + 4)
    assertThat(r.cell("app", "Conversion, Jan 2026")).isEqualTo("100.0%");
    assertThat(r.cell("email", "Conversion, Jan 2026")).isEqualTo("–");
    assertThat(r.cell(SectionParts.ALL, "Referrals")).isEqualTo("10");
  }

  @Test
  void segmentsAndStagesOfTheMonthThePeriodEndsIn() {
    PageModel m = model("month");
    Section segments = section(m, "segments");
    PageModel.DataTable rfm = segments.table("segments-rfm");
    assertThat(rfm.rows()).extracting(r -> r.get(0).text()).containsExactly("champions", "at_risk"); // RFM order
    assertThat(rfm.cell("at_risk", "Churn rate")).isEqualTo("75.0%");
    assertThat(rfm.cell("champions", "NPS")).isEqualTo("+75.0"); // (3 - 0) / 4
    assertThat(rfm.cell("champions", "Return rate")).isEqualTo("10.0%");
    PageModel.DataTable persona = segments.table("segments-persona");
    assertThat(persona.cell("unknown", "NPS")).isEqualTo("-100.0");
    assertThat(segments.chart("segments-churn").kind()).isEqualTo("hbar");
    assertThat(segments.chart("segments-nps-persona").labels()).containsExactly("loyalist", "unknown");
    Section lifecycle = section(m, "lifecycle");
    PageModel.DataTable stages = lifecycle.table("lifecycle-table");
    assertThat(stages.cell("awareness", "Persons")).isEqualTo("5");
    assertThat(stages.cell("awareness", "New")).isEqualTo("2");
    assertThat(stages.cell("consideration", "From awareness")).isEqualTo("1");
    PageModel.Chart trend = lifecycle.chart("lifecycle-trend");
    assertThat(trend.labels()).containsExactly("Jan 2026", "Feb 2026");
    assertThat(trend.series().get(0).values()).containsExactly(3.0, 5.0);
  }

  @Test
  void aSectionWithoutDataSaysSo() {
    PageModel m = model("month");
    Section returns = section(m, "returns");
    assertThat(returns.empty()).isEqualTo("No orders in February 2026.");
    assertThat(returns.charts()).isEmpty();
    assertThat(section(m, "pages").empty()).isEqualTo("No purchases in February 2026.");
  }

  @Test
  void dataQualityComesFromTheManifest() {
    Section q = section(model("month"), "quality");
    assertThat(q.chart("quality-reasons").labels()).containsExactly("missing_event_id", "unknown_channel");
    assertThat(q.table("quality-inputs").cell("in", "Rejected share")).isEqualTo("8.0%");
    assertThat(q.notes().get(0)).contains("100 rows read", "90 valid", "8 rejected", "2 duplicates", "2 late returns");
  }

  @Test
  void otherGrains() {
    PageModel q = model("quarter");
    assertThat(q.header().periodLabel()).isEqualTo("2026 Q1"); // no complete quarter in the data: the current one
    assertThat(q.header().periodInProgress()).isTrue();
    assertThat(section(q, "scorecard").empty()).isNotNull(); // the tiny scorecard has no quarter rows
    PageModel w = model("week");
    assertThat(w.header().periodLabel()).isEqualTo("week of 23 Feb 2026"); // Mon 23 Feb to Sun 1 Mar
    assertThat(w.header().previousLabel()).isEqualTo("week of 16 Feb 2026");
  }

  @Test
  void theHtmlEscapesDataAndLoadsNothing() {
    String html = ReportPage.html(model("month"));
    assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain(HOSTILE);
    assertThat(html).contains("\\u003cimg src=x onerror=alert(1)\\u003e"); // in the charts' JSON
    // Nothing to fetch: no external script, style sheet, image or font (the browser test watches the network too).
    assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//").doesNotContain("<link", "@import")
        .contains("default-src 'none'");
  }

  @Test
  void aMissingOutputIsAnInputError() {
    assertThatThrownBy(() -> Report.model(new Configuration(), dir.resolve("nothing").toString(), "month", NOW))
        .isInstanceOf(InputException.class).hasMessageContaining("does not exist");
  }

  @Test
  void thePageReplacesThePreviousOneWhole() throws Exception {
    org.apache.hadoop.fs.Path target = Report.defaultTarget(out.toString());
    Report.write(new Configuration(), out.toString(), "month", target);
    Path page = out.resolve("_report/index.html");
    assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    Report.write(new Configuration(), out.toString(), "week", target);
    assertThat(Files.readString(page)).contains("week of 23 Feb 2026");
    try (var files = Files.list(page.getParent())) {
      assertThat(files).containsExactly(page); // no temporary file left
    }
  }
}
