package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.metrics.KpiTables;
import io.cx.report.publish.Publisher;
import io.cx.testing.TestSpark;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a table's step covers: its computation when that does work before handing over its rows. */
class StagingTest {
  @TempDir Path dir;
  final SparkSession spark = TestSpark.session();

  RunLog log = new RunLog(RunFacts.start(Scope.plain(), new Finality(FinalityTest.DEFAULTS, Optional.empty()), "{}",
      "r1"));

  Staging staging() {
    return new Staging(new Publisher(spark, dir.resolve("out").toString(), "r1"), log, "2026-01-31",
        log.facts().finality());
  }

  Dataset<Row> scorecardRows() {
    return spark.sql("SELECT 'nps' AS kpi, 1.0D AS value, '2026-01' AS month");
  }

  @Test
  void theWorkOfAComputationBeforeItsRowsIsTheTablesTime() {
    log.step("write kpi_segments", s -> null);
    String[] stepDuringComputation = new String[1];
    Dataset<Row> staged = staging().whole(KpiTables.SCORECARD, () -> {
      stepDuringComputation[0] = log.currentStep();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return scorecardRows();
    });
    assertThat(staged.count()).isEqualTo(1);
    assertThat(stepDuringComputation[0]).isEqualTo("write " + KpiTables.SCORECARD);
    assertThat(log.seconds("write " + KpiTables.SCORECARD)).isGreaterThanOrEqualTo(0.3);
  }

  @Test
  void aComputationThatFailsNamesItsTable() {
    log.step("write kpi_segments", s -> null);
    assertThatThrownBy(() -> staging().whole(KpiTables.SCORECARD, () -> {
      throw new IllegalStateException("checkpoint failed");
    })).hasMessage("checkpoint failed");
    assertThat(log.currentStep()).isEqualTo("write " + KpiTables.SCORECARD);
  }
}
