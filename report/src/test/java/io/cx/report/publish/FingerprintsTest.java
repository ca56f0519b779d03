package io.cx.report.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {
  @TempDir Path dir;
  final SparkSession spark = TestSpark.session();

  private static final String COLUMNS = " AS t(name, n, month)";

  /** Writes {@code values} ("(name, n, month)" tuples) as a table partitioned by month. */
  private String table(String name, String values) {
    return table(name, values, COLUMNS);
  }

  private String table(String name, String values, String columns) {
    String path = dir.resolve(name).toString();
    rows(values, columns).write().partitionBy("month").parquet(path);
    return path;
  }

  private Dataset<Row> rows(String values, String columns) {
    return spark.sql("SELECT * FROM VALUES " + values + columns);
  }

  private StructType schema() {
    return rows("('a', 1, '2026-01')", COLUMNS).schema();
  }

  private Set<String> unchanged(String staged, String live, Set<String> only, StructType schema) {
    try {
      FileSystem fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.Path stagedPath = new org.apache.hadoop.fs.Path(staged);
      java.util.Map<String, Long> stagedRows = new java.util.TreeMap<>();
      Footers.ofTable(fs, stagedPath).forEach(f -> stagedRows.merge(f.value(), f.rows(), Long::sum));
      return Fingerprints.unchanged(spark, fs, stagedPath, new org.apache.hadoop.fs.Path(live), "month", only,
          stagedRows, schema);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPartitionIsUnchangedOnlyWhenItHoldsTheSameMultisetOfRows() {
    String staged = table("staged", String.join(", ",
        "('a', 1, '2026-01')", "('b', 2, '2026-01')", // the same rows as published, in another order
        "('a', 1, '2026-02')", "('b', 3, '2026-02')", // one value differs
        "('a', 1, '2026-03')", "('a', 1, '2026-03')", // a row twice where it was published once
        "('a', 1, '2026-04')")); // not published
    String live = table("live", String.join(", ",
        "('b', 2, '2026-01')", "('a', 1, '2026-01')",
        "('a', 1, '2026-02')", "('b', 2, '2026-02')",
        "('a', 1, '2026-03')",
        "('a', 1, '2026-05')")); // published only: not a staged partition

    assertThat(unchanged(staged, live, null, schema())).containsExactly("2026-01");
  }

  @Test
  void onlyTheGivenPublishedPartitionsAreComparedAndAnotherSchemaChangesEverything() {
    String staged = table("staged", "('a', 1, '2026-01'), ('b', 2, '2026-02')");
    String live = table("live", "('a', 1, '2026-01'), ('b', 2, '2026-02')");
    assertThat(unchanged(staged, live, null, schema())).containsExactlyInAnyOrder("2026-01", "2026-02");
    assertThat(unchanged(staged, live, Set.of("2026-02"), schema())).containsExactly("2026-02");

    String wideColumns = " AS t(name, n, extra, month)";
    String wider = table("wider", "('a', 1, 0, '2026-01')", wideColumns);
    assertThat(unchanged(wider, live, null, rows("('a', 1, 0, '2026-01')", wideColumns).schema())).isEmpty();
  }

  @Test
  void aPublishedPartitionWithOtherColumnsOrADamagedFileDiffersAndTheOthersAreStillCompared() throws Exception {
    String staged = table("staged", "('a', 1, '2026-01'), ('b', 2, '2026-02'), ('c', 3, '2026-03')");
    String live = table("live", "('a', 1, '2026-01'), ('c', 3, '2026-03')");
    // 2026-02 as an older version might have published it: n as a string.
    rows("('b', '2')", " AS t(name, n)").write().parquet(dir.resolve("live/month=2026-02").toString());
    assertThat(unchanged(staged, live, null, schema())).containsExactlyInAnyOrder("2026-01", "2026-03");

    Path damaged = Files.list(dir.resolve("live/month=2026-03")).filter(p -> p.toString().endsWith(".parquet"))
        .findFirst().orElseThrow();
    Files.write(damaged, new byte[] {1, 2, 3});
    assertThat(unchanged(staged, live, null, schema())).containsExactly("2026-01");
  }

  @Test
  void theDriverAndSparkSumTheSamePrints() {
    String staged = table("staged", "('a', 1, '2026-01'), ('b', -2, '2026-01'), ('c', 3, '2026-02')");
    String live = table("live", "('a', 1, '2026-01'), ('c', 4, '2026-02')");
    Dataset<Row> next = spark.read().schema(schema()).parquet(staged);
    Dataset<Row> now = spark.read().schema(schema()).parquet(live);
    var inDriver = Fingerprints.summedInDriver(next, now, "month");
    assertThat(inDriver).isEqualTo(Fingerprints.prints(next, now, "month"));
    assertThat(inDriver.get(0)).as("the staged side's two partitions").hasSize(2);
    assertThat(inDriver.get(0).get("2026-01").rows()).isEqualTo(2);
  }
}
