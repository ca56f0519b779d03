package io.cx.report;

import io.cx.ingest.SessionDefaults;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the job's SparkSession. Under spark-submit the master and resources come from the
 * submitter; started directly (the {@code cx} launcher, tests of the CLI) it runs in local mode
 * on every core, bound to loopback, with the web UI off unless asked for.
 */
public final class SparkSessions {
  private SparkSessions() {}

  private static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
  private static final String HUGE_METHODS = "DontCompileHugeMethods";
  /**
   * Lets HotSpot compile methods over 8 KB of bytecode. Spark generates one such method for the
   * validation stage (about 39 KB), which otherwise runs interpreted, 2.5 times slower. The
   * {@code cx} launcher passes it to the local JVM; executors on a cluster get it here unless
   * their options already say either way.
   */
  static final String JIT_HUGE_METHODS = "-XX:-" + HUGE_METHODS;

  public static SparkSession create(String appName) {
    SparkConf submitted = new SparkConf(true);
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (!submitted.contains("spark.master")) {
      b.master("local[*]");
      if (System.getenv("SPARK_LOCAL_IP") == null && !submitted.contains("spark.driver.host")) {
        b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
      }
      if (!submitted.contains("spark.ui.enabled")) {
        b.config("spark.ui.enabled", "false");
      }
      if (!submitted.contains("spark.sql.shuffle.partitions")) {
        // AQE coalesces further; 200 partitions of a laptop-sized input only add task overhead.
        b.config("spark.sql.shuffle.partitions", String.valueOf(4 * Runtime.getRuntime().availableProcessors()));
      }
    }
    String master = submitted.get("spark.master", "local[*]");
    if (!master.startsWith("local")) {
      String executorOptions = submitted.get(EXECUTOR_JAVA_OPTIONS, "");
      if (!executorOptions.contains(HUGE_METHODS)) {
        b.config(EXECUTOR_JAVA_OPTIONS, (executorOptions + " " + JIT_HUGE_METHODS).trim());
      }
    }
    SessionDefaults.PREFERRED.forEach((k, v) -> b.config(k, submitted.get(k, v)));
    SessionDefaults.REQUIRED.forEach(b::config);
    return b.getOrCreate();
  }
}
