package io.cx.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.report.config.CxConfig;
import io.cx.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSafetyTest {
  final SparkSession spark = TestSpark.session();

  @Test
  void theTestSessionIsSafe() {
    assertThatCode(() -> SparkSafety.check(spark)).doesNotThrowAnyException();
  }

  @Test
  void ignoringCorruptFilesIsRefused() {
    spark.conf().set("spark.sql.files.ignoreCorruptFiles", "true");
    try {
      assertThatThrownBy(() -> SparkSafety.check(spark)).isInstanceOf(CxConfig.ConfigError.class)
          .hasMessageContaining("ignoreCorruptFiles");
    } finally {
      spark.conf().unset("spark.sql.files.ignoreCorruptFiles");
    }
  }

  @Test
  void committerAlgorithmTwoIsRefused() {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("mapreduce.fileoutputcommitter.algorithm.version", "2");
    try {
      assertThatThrownBy(() -> SparkSafety.check(spark)).isInstanceOf(CxConfig.ConfigError.class)
          .hasMessageContaining("algorithm.version=2");
    } finally {
      hadoop.unset("mapreduce.fileoutputcommitter.algorithm.version");
    }
  }
}
