package io.cx.report.publish;

import static io.cx.report.publish.Publisher.Layout.AGGREGATE;
import static io.cx.report.publish.Publisher.Layout.DETAIL;
import static io.cx.report.publish.Publisher.Restatement.COMPARE_WITH_PUBLISHED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing as readers and schedulers see it: whole partitions, a success marker, recovery after a kill. */
class PublisherTest {
  @TempDir Path dir;
  final SparkSession spark = TestSpark.session();

  Dataset<Row> rows(String runTag, String... dates) {
    StringBuilder sql = new StringBuilder("SELECT * FROM VALUES ");
    for (int i = 0; i < dates.length; i++) {
      sql.append(i == 0 ? "" : ", ").append("('").append(runTag).append("', 1L, DATE'").append(dates[i]).append("')");
    }
    return spark.sql(sql + " AS t(run, n, date)");
  }

  /** Stages tables a and b with rows on the given dates and returns the publisher, not yet published. */
  Publisher staged(String runId, String... dates) {
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), runId);
    p.stage(rows(runId, dates), "a", "date", "2026-01-31", DETAIL);
    p.stage(rows(runId, dates), "b", "date", "2026-01-31", AGGREGATE);
    return p;
  }

  void publish(String runId, String... dates) {
    Publisher p = staged(runId, dates);
    p.publishAll("{\"run_id\":\"" + runId + "\"}");
    p.complete("{\"run_id\":\"" + runId + "\",\"final\":true}");
  }

  /** What a reader sees: table -> partition folder -> the run tags in it. */
  Map<String, Map<String, List<String>>> visible() {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    for (String t : List.of("a", "b")) {
      Path table = dir.resolve("out").resolve(t);
      if (Files.exists(table.resolve("dt=2020-01-01"))) {
        continue; // holds another tool's folder (aFileCxDidNotWrite...)
      }
      if (!Files.exists(table)) {
        continue;
      }
      Map<String, List<String>> parts = new TreeMap<>();
      for (Row r : spark.read().parquet(table.toString()).groupBy("date").agg(
          org.apache.spark.sql.functions.sort_array(org.apache.spark.sql.functions.collect_list("run"))).collectAsList()) {
        parts.put(r.get(0).toString(), r.getList(1));
      }
      out.put(t, parts);
    }
    return out;
  }

  List<String> hidden() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_")).sorted().toList();
    }
  }

  FileSystem fs() throws IOException {
    return org.apache.hadoop.fs.FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
  }

  org.apache.hadoop.fs.Path root() {
    return new org.apache.hadoop.fs.Path(dir.resolve("out").toString());
  }

  @Test
  void aRunReplacesWholeTablesAndLeavesOnlyItsMarkerAndManifest() throws IOException {
    publish("run1", "2026-01-01", "2026-01-02");
    publish("run2", "2026-01-02", "2026-01-03");

    assertThat(visible().get("a")).isEqualTo(Map.of("2026-01-02", List.of("run2"), "2026-01-03", List.of("run2")));
    assertThat(visible().get("b")).isEqualTo(visible().get("a"));
    assertThat(hidden()).containsExactly("_SUCCESS", "_manifests");
    assertThat(Files.readString(dir.resolve("out/_SUCCESS")).trim()).isEqualTo("run2");
    assertThat(Files.readString(dir.resolve("out/_manifests/latest.json"))).contains("\"final\":true");
  }

  @Test
  void aTablePublishedWholeInANewLayoutLosesTheFoldersOfItsFormerOne() throws IOException {
    publish("run1", "2026-01-01", "2026-02-03");
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), "run2");
    Dataset<Row> monthly = rows("run2", "2026-01-01", "2026-02-03")
        .withColumn("month", org.apache.spark.sql.functions.date_format(org.apache.spark.sql.functions.col("date"), "yyyy-MM"));
    p.replacesLayout("b", "date");
    p.stage(monthly, "b", "month", "2026-02", AGGREGATE);
    p.publishAll("{}");
    p.complete("{}");

    try (Stream<Path> s = Files.list(dir.resolve("out/b"))) {
      assertThat(s.map(f -> f.getFileName().toString()).sorted()).containsExactly("month=2026-01", "month=2026-02");
    }
    assertThat(spark.read().parquet(dir.resolve("out/b").toString()).where("run = 'run2'").count()).isEqualTo(2);
  }

  @Test
  void statsComeFromTheFootersAndAnEmptyTableKeepsItsSchema() {
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), "run1");
    TableStats stats = p.stage(rows("run1", "2026-01-01", "2026-01-01", "2026-01-02"), "a", "date", "2026-01-31", DETAIL);
    assertThat(stats.rows()).isEqualTo(3);
    assertThat(stats.partitions()).containsExactly(Map.entry("2026-01-01", 2L), Map.entry("2026-01-02", 1L));
    assertThat(stats.files()).isEqualTo(2);
    assertThat(stats.bytes()).isPositive();

    TableStats empty = p.stage(rows("run1", "2026-01-01").limit(0), "e", "date", "2026-01-31", AGGREGATE);
    assertThat(empty.rows()).isZero();
    assertThat(empty.partitions()).containsOnlyKeys("2026-01-31");
    p.publishAll("{}");
    p.complete("{}");
    assertThat(spark.read().parquet(dir.resolve("out/e").toString()).columns()).containsExactly("run", "n", "date");
  }

  @Test
  void aFileThatDoesNotMatchTheContractStopsTheRunBeforeAnythingIsPublished() throws IOException {
    String key = "spark.sql.parquet.outputTimestampType";
    String before = spark.conf().get(key);
    spark.conf().set(key, "INT96");
    try {
      Publisher p = new Publisher(spark, dir.resolve("out").toString(), "run1");
      Dataset<Row> legacy = spark.sql("SELECT TIMESTAMP'2026-01-01 10:00:00' AS at, DATE'2026-01-01' AS date");
      assertThatThrownBy(() -> p.stage(legacy, "a", "date", "2026-01-31", AGGREGATE))
          .hasMessageContaining("does not match the table's contract")
          .hasMessageContaining("expected [at timestamp], found [at int96 (legacy timestamp)]");
      p.abandon();
    } finally {
      spark.conf().set(key, before);
    }
    assertThat(hidden()).isEmpty();
  }

  /**
   * A kill can land between any two renames of a publish. Whatever the point, the next run finds
   * the journal and ends with exactly the output of an uninterrupted publish.
   */
  @Test
  void aPublishStoppedAfterAnyRenameIsCompletedByTheNextRun() throws IOException {
    publish("run1", "2026-01-01", "2026-01-02");
    Map<String, Map<String, List<String>>> before = visible();
    int renames = 0;
    for (int stopAfter = 0; ; stopAfter++) {
      Publisher p = staged("run2-" + stopAfter, "2026-01-02", "2026-01-03");
      int[] done = {0};
      int limit = stopAfter;
      boolean stopped = false;
      try {
        p.publishAllWith("{\"run_id\":\"run2-" + stopAfter + "\"}", (fs, from, to) -> {
          if (done[0]++ == limit) {
            throw new IOException("killed");
          }
          OutputFiles.rename(fs, from, to);
        });
      } catch (java.io.UncheckedIOException e) {
        stopped = true;
      }
      if (!stopped) {
        renames = stopAfter;
        p.complete("{}");
        break;
      }
      assertThat(Files.exists(dir.resolve("out/_SUCCESS"))).as("no success marker while publishing").isFalse();
      assertThat(Publisher.recover(fs(), root())).containsExactly("run2-" + stopAfter);
      String tag = "run2-" + stopAfter;
      assertThat(visible().get("a")).as("stopped after %d renames", stopAfter)
          .isEqualTo(Map.of("2026-01-02", List.of(tag), "2026-01-03", List.of(tag)));
      assertThat(visible().get("b")).isEqualTo(visible().get("a"));
      assertThat(hidden()).containsExactly("_SUCCESS", "_manifests");
      assertThat(Files.readString(dir.resolve("out/_SUCCESS")).trim()).isEqualTo(tag);
      assertThat(Files.readString(dir.resolve("out/_manifests/latest.json"))).contains(tag);
      publish("run1", "2026-01-01", "2026-01-02");
      assertThat(visible()).isEqualTo(before);
    }
    // a: date=01 removed, 02 replaced (2 renames), 03 added; the same for b.
    assertThat(renames).isEqualTo(8);
  }

  @Test
  void stagingOfARunStoppedBeforeItsCommitPointIsDropped() throws IOException {
    publish("run1", "2026-01-01");
    staged("run2", "2026-01-05");
    assertThat(hidden()).contains("_staging");

    assertThat(Publisher.recover(fs(), root())).isEmpty();
    assertThat(hidden()).containsExactly("_SUCCESS", "_manifests");
    assertThat(visible().get("a")).isEqualTo(Map.of("2026-01-01", List.of("run1")));
  }

  @Test
  void restatingSomePartitionsKeepsTheOthersAndRemovesEmptiedOnes() throws IOException {
    publish("r1", "2026-01-01", "2026-01-02", "2026-01-03");
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), "r2");
    // 01-02 gets new rows, 01-03 is emptied, 01-01 is not restated.
    Dataset<Row> next = rows("r2", "2026-01-02");
    p.stagePartitions(next, "a", "date", java.util.Set.of("2026-01-02", "2026-01-03"), "2026-01-31",
        DETAIL, COMPARE_WITH_PUBLISHED);
    p.stagePartitions(rows("r2", "2026-01-01").limit(0), "b", "date", java.util.Set.of(), "2026-01-31", AGGREGATE, COMPARE_WITH_PUBLISHED);
    assertThat(p.current("a", next.schema()).collectAsList()).extracting(r -> r.getString(0) + "@" + r.get(2))
        .containsExactlyInAnyOrder("r1@2026-01-01", "r2@2026-01-02");
    assertThatThrownBy(() -> p.stagePartitions(rows("r2", "2026-01-05"), "c", "date", java.util.Set.of("2026-01-04"),
        "2026-01-31", DETAIL, COMPARE_WITH_PUBLISHED)).hasMessageContaining("date=2026-01-05");
    assertThat(p.skipUnchanged()).containsEntry("a", List.of("2026-01-02", "2026-01-03")).containsEntry("b", List.of());
    assertThat(p.tablesAfterPublish().get("a").partitions()).containsOnlyKeys("2026-01-01", "2026-01-02");
    p.publishAll("{}");
    p.complete("{}");
    assertThat(visible().get("a")).isEqualTo(Map.of("2026-01-01", List.of("r1"), "2026-01-02", List.of("r2")));
    assertThat(visible().get("b")).isEqualTo(Map.of("2026-01-01", List.of("r1"), "2026-01-02", List.of("r1"),
        "2026-01-03", List.of("r1")));
    assertThat(hidden()).containsExactly("_SUCCESS", "_manifests");
  }

  @Test
  void restatingPartitionsThatHaveNoRowsComparesNothingAndKeepsTheOthers() throws IOException {
    // The second night of a quiet output: a KPI table restates a date that has no rows at all.
    Publisher first = new Publisher(spark, dir.resolve("out").toString(), "r1");
    first.stage(rows("r1", "2026-01-01").limit(0), "a", "date", "2026-01-01", AGGREGATE);
    first.publishAll("{}");
    first.complete("{}");
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), "r2");
    p.stagePartitions(rows("r2", "2026-01-02").limit(0), "a", "date", java.util.Set.of("2026-01-02"), "2026-01-02",
        AGGREGATE, COMPARE_WITH_PUBLISHED);
    assertThat(p.skipUnchanged()).containsEntry("a", List.of());
    p.publishAll("{}");
    p.complete("{}");
    assertThat(Files.list(dir.resolve("out/a")).map(f -> f.getFileName().toString()).toList())
        .containsExactly("date=2026-01-01");
    assertThat(spark.read().parquet(dir.resolve("out/a").toString()).count()).isZero();
  }

  @Test
  void aTableWhoseOnlyPartitionsAreEmptiedKeepsOneEmptyFileForItsSchema() throws IOException {
    publish("r1", "2026-01-01", "2026-01-02");
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), "r2");
    Dataset<Row> none = rows("r2", "2026-01-01").limit(0);
    p.stagePartitions(none, "a", "date", java.util.Set.of("2026-01-01", "2026-01-02"), "2026-01-03", AGGREGATE, COMPARE_WITH_PUBLISHED);
    // b keeps 2026-01-02, so it needs no placeholder.
    p.stagePartitions(none, "b", "date", java.util.Set.of("2026-01-01"), "2026-01-03", AGGREGATE, COMPARE_WITH_PUBLISHED);
    assertThat(p.skipUnchanged()).containsEntry("a", List.of("2026-01-01", "2026-01-02", "2026-01-03"))
        .containsEntry("b", List.of("2026-01-01"));
    p.publishAll("{}");
    p.complete("{}");
    assertThat(visible().get("a")).isEmpty();
    assertThat(spark.read().parquet(dir.resolve("out/a").toString()).schema().fieldNames())
        .containsExactly("run", "n", "date");
    assertThat(duckRows(dir.resolve("out"), "a")).isZero();
    assertThat(visible().get("b")).isEqualTo(Map.of("2026-01-02", List.of("r1")));
  }

  @Test
  void aFileCxDidNotWriteStopsThePublishBeforeAnythingMoves() throws IOException {
    publish("r1", "2026-01-01", "2026-01-02");
    Map<String, List<String>> before = visible().get("b");
    Files.writeString(dir.resolve("out/a/date=2026-01-01/notes.txt"), "mine");
    Files.createDirectories(dir.resolve("out/a/dt=2020-01-01"));
    Files.writeString(dir.resolve("out/a/dt=2020-01-01/erp.parquet"), "x");
    Publisher p = staged("r2", "2026-01-03");
    assertThatThrownBy(() -> p.publishAll("{}")).isInstanceOf(io.cx.ingest.InputException.class)
        .hasMessageContaining("notes.txt").hasMessageContaining("which cx did not write");
    p.abandon();
    assertThat(dir.resolve("out/a/date=2026-01-01/notes.txt")).exists();
    assertThat(visible().get("b")).isEqualTo(before);

    // Without the stranger in a partition cx replaces, a folder not named like the table's partitions stays.
    Files.delete(dir.resolve("out/a/date=2026-01-01/notes.txt"));
    Publisher again = staged("r3", "2026-01-03");
    again.publishAll("{}");
    again.complete("{}");
    assertThat(dir.resolve("out/a/dt=2020-01-01/erp.parquet")).exists();
    assertThat(dir.resolve("out/a/date=2026-01-01")).doesNotExist();
  }

  /** A publisher of run r1 that has kept one scratch result, checked to hold the rows it was given. */
  Publisher keptScratch(ScratchSpace space) {
    Publisher p = new Publisher(spark, dir.resolve("out").toString(), "r1", space);
    Dataset<Row> kept = p.scratch("dates", rows("r1", "2026-01-01", "2026-01-02"));
    assertThat(kept.collectAsList()).containsExactlyInAnyOrderElementsOf(
        rows("r1", "2026-01-01", "2026-01-02").collectAsList());
    return p;
  }

  int heldRdds() {
    return spark.sparkContext().getPersistentRDDs().size();
  }

  @Test
  void scratchHeldInBlockStorageIsReleasedWhenTheRunEnds() {
    int before = heldRdds();
    Publisher p = keptScratch(ScratchSpace.HELD);
    assertThat(heldRdds()).as("held while the run goes on").isEqualTo(before + 1);
    assertThat(dir.resolve("out/_staging")).as("nothing written").doesNotExist();
    p.releaseScratch();
    assertThat(heldRdds()).isEqualTo(before);
  }

  @Test
  void scratchFilesAreWrittenUnderStagingAndGoWithIt() {
    int before = heldRdds();
    Publisher p = keptScratch(ScratchSpace.FILES);
    assertThat(dir.resolve("out/_staging/r1/_work/dates")).isDirectory();
    assertThat(heldRdds()).isEqualTo(before);
    p.releaseScratch();
    p.abandon();
    assertThat(dir.resolve("out/_staging")).doesNotExist();
  }

  @Test
  void theScratchSettingNamesASpaceAndAutoFollowsTheMaster() {
    assertThat(ScratchSpace.of("auto", true)).isEqualTo(ScratchSpace.HELD);
    assertThat(ScratchSpace.of("auto", false)).isEqualTo(ScratchSpace.FILES);
    assertThat(ScratchSpace.of("memory", false)).isEqualTo(ScratchSpace.HELD);
    assertThat(ScratchSpace.of("files", true)).isEqualTo(ScratchSpace.FILES);
  }

  /** Rows of a table as DuckDB reads it with the glob BI users are told to use. */
  static long duckRows(Path root, String table) {
    return io.cx.report.Duck.count("SELECT count(*) FROM " + io.cx.report.Duck.table(root, table));
  }
}
