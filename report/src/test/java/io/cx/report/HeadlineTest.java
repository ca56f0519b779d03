package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The run's headline month: the latest month whose last day the run has seen whole. */
class HeadlineTest {
  static Dataset<Row> scorecard() {
    return TestSpark.session().sql("""
        SELECT period, date, period_end, kpi, CAST(value AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS previous_value,
               CAST(NULL AS DOUBLE) AS change, CAST(NULL AS DOUBLE) AS target, CAST(NULL AS BOOLEAN) AS on_track
        FROM VALUES ('month', DATE '2026-01-01', DATE '2026-01-31', 'nps', 10.0),
                    ('month', DATE '2026-02-01', DATE '2026-02-28', 'nps', 20.0)
          AS t(period, date, period_end, kpi, value)""");
  }

  static List<String> months(String asOf, String zone) {
    return Headline.collect(scorecard(), Instant.parse(asOf), ZoneId.of(zone)).stream().map(Headline::month).toList();
  }

  @Test
  void aMonthCountsOnceTheAsOfTimeHasPassedItsLastDayInTheReportingZone() {
    assertThat(months("2026-02-28T21:00:00Z", "UTC")).containsExactly("2026-01");
    assertThat(months("2026-03-01T00:00:00Z", "UTC")).containsExactly("2026-02");
    // Midnight UTC is still 28 February in Sao Paulo (UTC-3), midnight there is 03:00 UTC.
    assertThat(months("2026-03-01T00:00:00Z", "America/Sao_Paulo")).containsExactly("2026-01");
    assertThat(months("2026-03-01T03:00:00Z", "America/Sao_Paulo")).containsExactly("2026-02");
  }
}
