package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.spark.PlannerSettings;
import io.cx.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows of a table partitioned by date, spread one month per task and written one file per month. */
class ByMonthTest {
  final SparkSession spark = TestSpark.session();

  @TempDir
  Path dir;

  /** Five events on four dates in three months, written partitioned by date, each date its own file. */
  private Dataset<Row> events() {
    spark.sql("SELECT * FROM VALUES ('a', DATE'2026-01-31'), ('b', DATE'2026-02-01'), ('c', DATE'2026-02-01'), "
            + "('d', DATE'2026-02-28'), ('e', DATE'2026-03-01') AS t(event_id, date)")
        .repartition(col("date")).write().partitionBy("date").parquet(dir.resolve("events").toString());
    return spark.read().parquet(dir.resolve("events").toString());
  }

  private static Dataset<Row> withMonth(Dataset<Row> events) {
    return events.withColumn("month", Columns.monthOf(col("date")));
  }

  @Test
  void theMonthsComeFromTheDatesInOrder() {
    Dataset<Row> events = events();
    assertThat(ByMonth.months(events, "date")).containsExactly("2026-01", "2026-02", "2026-03");
    assertThat(ByMonth.months(events.limit(0), "date")).isEmpty();
  }

  @Test
  void eachMonthIsOneTaskWhenPlannedWithTheWriteSettings() {
    Dataset<Row> events = events();
    Dataset<Row> spread = ByMonth.spread(withMonth(events), "month", ByMonth.months(events, "date"));
    List<Row> tasks = PlannerSettings.during(spark, ByMonth.WRITE_SETTINGS, () -> spread
        .select(spark_partition_id().as("task"), col("month")).distinct().orderBy("task").collectAsList());
    assertThat(tasks).extracting(r -> r.getInt(0) + " " + r.getString(1))
        .containsExactly("0 2026-01", "1 2026-02", "2 2026-03");
  }

  @Test
  void writtenPartitionedByMonthItIsOneFilePerMonthWithEveryRow() throws Exception {
    Dataset<Row> events = events();
    Path out = dir.resolve("ids");
    PlannerSettings.during(spark, ByMonth.WRITE_SETTINGS, () -> {
      ByMonth.spread(withMonth(events), "month", ByMonth.months(events, "date"))
          .write().partitionBy("month").parquet(out.toString());
      return null;
    });
    for (String month : List.of("2026-01", "2026-02", "2026-03")) {
      try (Stream<Path> files = Files.list(out.resolve("month=" + month))) {
        assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).as(month).isEqualTo(1);
      }
    }
    assertThat(spark.read().parquet(out.toString()).orderBy("event_id").select("event_id", "month").collectAsList())
        .extracting(r -> r.getString(0) + " " + r.getString(1))
        .containsExactly("a 2026-01", "b 2026-02", "c 2026-02", "d 2026-02", "e 2026-03");
  }

  @Test
  void withoutMonthsThereAreNoRows() {
    Dataset<Row> spread = ByMonth.spread(withMonth(events()), "month", List.of());
    assertThat(spread.count()).isZero();
    assertThat(spread.columns()).containsExactly("event_id", "date", "month");
  }
}
