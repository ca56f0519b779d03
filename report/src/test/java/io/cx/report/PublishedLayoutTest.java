package io.cx.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedLayoutTest {
  @TempDir Path dir;

  void folder(String relative) throws Exception {
    Files.createDirectories(dir.resolve(relative));
    Files.writeString(dir.resolve(relative).resolve("part-0.parquet"), "x");
  }

  @Test
  void anOutputWithKpiTablesByDateIsRefusedUntilAFullRefresh() throws Exception {
    folder("events/date=2026-01-01");
    folder("kpi_returns/date=2026-01-01");
    folder("cx_scorecard/date=2026-01-01");
    FileSystem fs = FileSystem.getLocal(new Configuration(false));
    assertThatThrownBy(() -> PublishedLayout.check(fs, new org.apache.hadoop.fs.Path(dir.toString())))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("kpi_returns/date= (now month=)")
        .hasMessageContaining("cx_scorecard/date= (now month=)")
        .hasMessageNotContaining("events/")
        .hasMessageContaining("--full-refresh");
  }

  /** A real events file with these contract columns (all as text: only the names are checked). */
  void events(java.util.List<String> columns) throws Exception {
    Path part = Files.createDirectories(dir.resolve("events/date=2026-01-02"));
    String select = String.join(", ", columns.stream().map(c -> "NULL::VARCHAR AS " + c).toList());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement st = c.createStatement()) {
      st.execute("COPY (SELECT " + select + ") TO '" + part.resolve("part-0.parquet") + "' (FORMAT parquet)");
    }
  }

  @Test
  void eventsPublishedBeforeTheContractGainedColumnsAreRefusedUntilAFullRefresh() throws Exception {
    folder("events/date=2026-01-01");
    events(io.cx.ingest.EventContract.COLUMNS.stream()
        .filter(c -> !java.util.List.of("engagement", "sentiment", "referral_code").contains(c)).toList());
    FileSystem fs = FileSystem.getLocal(new Configuration(false));
    assertThatThrownBy(() -> PublishedLayout.check(fs, new org.apache.hadoop.fs.Path(dir.toString())))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("(engagement, sentiment, referral_code)")
        .hasMessageContaining("--full-refresh");
    events(io.cx.ingest.EventContract.COLUMNS);
    assertThatCode(() -> PublishedLayout.check(fs, new org.apache.hadoop.fs.Path(dir.toString())))
        .doesNotThrowAnyException();
  }

  @Test
  void theDeclaredLayoutPasses() throws Exception {
    folder("events/date=2026-01-01");
    folder("rejected_events/date=2026-01-01");
    folder("kpi_returns/month=2026-01");
    folder("kpi_retention_cohorts/month=2026-01");
    folder("cx_scorecard/month=2025-12");
    FileSystem fs = FileSystem.getLocal(new Configuration(false));
    assertThatCode(() -> PublishedLayout.check(fs, new org.apache.hadoop.fs.Path(dir.toString())))
        .doesNotThrowAnyException();
  }
}
