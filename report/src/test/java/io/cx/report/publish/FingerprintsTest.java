package io.cx.report.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {
  @TempDir Path dir;
  final SparkSession spark = TestSpark.session();

  /** Writes {@code values} ("(name, n, month)" tuples) as a table partitioned by month. */
  private String table(String name, String values) {
    String path = dir.resolve(name).toString();
    spark.sql("SELECT * FROM VALUES " + values + " AS t(name, n, month)").write().partitionBy("month")
        .parquet(path);
    return path;
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

    assertThat(Fingerprints.unchanged(spark, staged, live, "month")).containsExactly("2026-01");
  }

  @Test
  void onlyTheGivenPublishedPartitionsAreComparedAndAnotherSchemaChangesEverything() {
    String staged = table("staged", "('a', 1, '2026-01'), ('b', 2, '2026-02')");
    String live = table("live", "('a', 1, '2026-01'), ('b', 2, '2026-02')");
    assertThat(Fingerprints.unchanged(spark, staged, live, "month")).containsExactlyInAnyOrder("2026-01", "2026-02");
    assertThat(Fingerprints.unchanged(spark, staged, live, "month", Set.of("2026-02"))).containsExactly("2026-02");

    String wider = dir.resolve("wider").toString();
    spark.sql("SELECT * FROM VALUES ('a', 1, 0, '2026-01') AS t(name, n, extra, month)").write().partitionBy("month")
        .parquet(wider);
    assertThat(Fingerprints.unchanged(spark, wider, live, "month")).isEmpty();
  }
}
