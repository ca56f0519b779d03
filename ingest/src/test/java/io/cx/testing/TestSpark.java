package io.cx.testing;

import io.cx.spark.LocalFiles;
import io.cx.spark.SessionDefaults;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test JVM, bound to loopback; never stopped by a test. */
public final class TestSpark {
  private TestSpark() {}

  private static SparkSession spark;

  public static synchronized SparkSession session() {
    if (spark == null) {
      SparkSession.Builder b = SparkSession.builder()
          .master("local[2]")
          .appName("cx-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config(LocalFiles.SETTING, LocalFiles.class.getName());
      SessionDefaults.PREFERRED.forEach(b::config);
      SessionDefaults.REQUIRED.forEach(b::config);
      spark = b.getOrCreate();
    }
    return spark;
  }
}
