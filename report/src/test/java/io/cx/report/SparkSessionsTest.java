package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void localModeListsFoldersOnTheDriverSizesShufflesByCoresAndSetsPermissionsWithoutProcesses() {
    assertThat(SparkSessions.localDefaults(new SparkConf(false), 2)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "spark.sql.shuffle.partitions", "8",
        "spark.sql.sources.parallelPartitionDiscovery.threshold", "100000",
        "spark.hadoop.fs.file.impl", "io.cx.spark.LocalFiles"));
  }

  @Test
  void whatTheSubmitterChoseIsKept() {
    SparkConf submitted = new SparkConf(false).set("spark.sql.sources.parallelPartitionDiscovery.threshold", "32")
        .set("spark.sql.shuffle.partitions", "200")
        .set("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
    assertThat(SparkSessions.localDefaults(submitted, 2)).isEmpty();
  }
}
