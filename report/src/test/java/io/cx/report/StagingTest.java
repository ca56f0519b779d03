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
      "r1"), spark.sparkContext());

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

  @Test
  void aStepsJobsAreDescribedByItsNameAndItsPartsByTheirs() throws Exception {
    org.apache.spark.SparkContext sc = spark.sparkContext();
    java.util.List<String> described = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
        described.add(String.valueOf(e.properties().getProperty(io.cx.spark.JobDescription.PROPERTY)));
      }
    };
    Publisher publisher = new Publisher(spark, dir.resolve("described").toString(), "r1");
    String outer = io.cx.spark.JobDescription.set(sc, "outside");
    sc.addSparkListener(listener);
    try {
      log.step("write kpi_segments", s -> {
        // A shuffle and a broadcast: adaptive execution starts their jobs from threads of its own.
        spark.range(0, 1000).withColumn("k", org.apache.spark.sql.functions.col("id").mod(7))
            .join(org.apache.spark.sql.functions.broadcast(spark.range(0, 7).withColumnRenamed("id", "k")), "k")
            .groupBy("k").count().collectAsList();
        publisher.scratch("part", spark.range(0, 10).toDF());
        spark.range(0, 10).count();
        return null;
      });
      assertThat(io.cx.spark.JobDescription.current(sc)).isEqualTo("outside");
      spark.range(0, 1).count();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!described.contains("outside") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      sc.removeSparkListener(listener);
      io.cx.spark.JobDescription.restore(sc, outer);
    }
    java.util.List<String> inStep = described.subList(0, described.indexOf("outside"));
    assertThat(inStep).contains("work: part").doesNotContain("null");
    assertThat(inStep.stream().filter(d -> d.equals("write kpi_segments")).count()).isGreaterThanOrEqualTo(3);
    // The step's name is given back after its part named its own jobs.
    assertThat(inStep.get(inStep.size() - 1)).isEqualTo("write kpi_segments");
  }
}
