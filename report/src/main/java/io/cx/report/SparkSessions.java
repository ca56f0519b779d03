package io.cx.report;

import io.cx.spark.LocalFiles;
import io.cx.spark.SessionDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
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

  static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  /** Above this many folders, Spark lists a file source's folders with a Spark job of its own. */
  static final String LISTING_THRESHOLD = "spark.sql.sources.parallelPartitionDiscovery.threshold";

  /**
   * In local mode the folders are listed by the driver. Every table is read back once staged, and
   * a table of 90 days has 90 date folders: above Spark's default of 32, each read started a
   * listing job, 0.4-0.9 s of scheduling for what the driver lists in milliseconds (15 jobs: 7.5 s
   * of a run at 1 M events, 5.8 s at 10 M). The job's tasks would run on this machine's cores
   * anyway; on a cluster, where they spread over executors and an object store is slow to list,
   * Spark's own threshold stays.
   */
  static final int LOCAL_LISTING_THRESHOLD = 100_000;

  /** Settings of a local-mode session that its submitter did not choose. */
  static Map<String, String> localDefaults(SparkConf submitted, int cores) {
    Map<String, String> out = new LinkedHashMap<>();
    // AQE coalesces further; 200 partitions of a laptop-sized input only add task overhead.
    out.put(SHUFFLE_PARTITIONS, String.valueOf(4 * cores));
    out.put(LISTING_THRESHOLD, String.valueOf(LOCAL_LISTING_THRESHOLD));
    // Files are written by this JVM: set their permissions without a chmod process per file.
    out.put(LocalFiles.SETTING, LocalFiles.class.getName());
    out.keySet().removeIf(submitted::contains);
    return out;
  }

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
      localDefaults(submitted, Runtime.getRuntime().availableProcessors()).forEach(b::config);
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
