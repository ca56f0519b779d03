package io.cx.report;

import io.cx.report.config.CxConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Refuses Spark settings under which a run could publish partial or silently incomplete output,
 * before anything is read or written.
 */
public final class SparkSafety {
  private SparkSafety() {}

  public static void check(SparkSession spark) {
    List<String> problems = new ArrayList<>();
    if (isTrue(spark.sparkContext().conf().get("spark.speculation", "false"))) {
      problems.add("spark.speculation=true (duplicate task attempts can both write output)");
    }
    String algorithm = spark.sparkContext().hadoopConfiguration().get("mapreduce.fileoutputcommitter.algorithm.version", "1");
    if (algorithm.trim().equals("2")) {
      problems.add("mapreduce.fileoutputcommitter.algorithm.version=2 (a failed job leaves partial output visible)");
    }
    for (String key : List.of("spark.sql.files.ignoreCorruptFiles", "spark.sql.files.ignoreMissingFiles")) {
      if (isTrue(spark.conf().get(key, "false"))) {
        problems.add(key + "=true (input would be skipped without being counted)");
      }
    }
    if (!problems.isEmpty()) {
      throw new CxConfig.ConfigError("refusing to run with unsafe Spark settings: " + String.join("; ", problems));
    }
  }

  private static boolean isTrue(String value) {
    return value.trim().toLowerCase(Locale.ROOT).equals("true");
  }
}
