package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.ingest.InputSpec;
import io.cx.testing.TestSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DateRunsTest {
  final SparkSession spark = TestSpark.session();

  /** Published events as (event date, loaded date): each dated at most 3 days before its load. */
  private Dataset<Row> kept(String... dateAndLoaded) {
    StringBuilder values = new StringBuilder();
    for (String pair : dateAndLoaded) {
      String[] p = pair.split("/");
      values.append(values.length() == 0 ? "" : ", ").append("(DATE'").append(p[0]).append("', DATE'").append(p[1])
          .append("')");
    }
    return spark.sql("SELECT * FROM VALUES " + values + " AS t(date, loaded_date)");
  }

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void aRunOfAnEarlierDateCoversUpToTheLatestDateLoadedAfterIt() {
    // The latest load (01-20) holds a late event dated 01-17, three days before it.
    Optional<Dataset<Row>> events = Optional.of(kept("2026-01-01/2026-01-01", "2026-01-02/2026-01-03",
        "2026-01-17/2026-01-20", "2026-01-19/2026-01-19"));
    Scope rerun = Scope.dates(d("2026-01-03"), d("2026-01-03"));
    assertThat(DateRuns.lastDate(rerun, List.of(), last -> DateRuns.latestLoadedFrom(events, last, 3)))
        .isEqualTo(d("2026-01-20"));
    // Only events dated from the date minus the lookback are read: a load after the date has all its events there.
    assertThat(DateRuns.latestLoadedFrom(events, d("2026-01-19"), 3)).contains(d("2026-01-20"));
    // Asked about a later date, it may miss earlier loads (their late events), never a later one.
    assertThat(DateRuns.latestLoadedFrom(events, d("2026-01-21"), 3)).contains(d("2026-01-19"));
    assertThat(DateRuns.latestLoadedFrom(events, d("2026-01-23"), 3)).isEmpty();
  }

  @Test
  void aNightAfterEverythingPublishedCoversItsOwnDate() {
    Optional<Dataset<Row>> events = Optional.of(kept("2026-01-01/2026-01-01", "2026-01-02/2026-01-02"));
    Scope night = Scope.dates(d("2026-01-03"), d("2026-01-03"));
    assertThat(DateRuns.lastDate(night, List.<InputSpec>of(), last -> DateRuns.latestLoadedFrom(events, last, 3)))
        .isEqualTo(d("2026-01-03"));
    assertThat(DateRuns.lastDate(night, List.<InputSpec>of(), last -> DateRuns.latestLoadedFrom(Optional.empty(),
        last, 3))).isEqualTo(d("2026-01-03"));
  }
}
