package io.cx.spark;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The description Spark gives the jobs a thread starts (the event log, the web UI, the history
 * server and the run's progress log show it). Descriptions nest: a pipeline step names its jobs,
 * and a part of it (writing a table, an intermediate result) names its own and then gives the
 * step's back. Spark copies the thread's description to the jobs that adaptive execution and
 * broadcasts start from their own threads, so those are named too.
 */
public final class JobDescription {
  private JobDescription() {}

  /** The local property Spark keeps a thread's job description in (its SparkContext.SPARK_JOB_DESCRIPTION). */
  public static final String PROPERTY = "spark.job.description";

  /** The description the current thread's jobs get now, or null. */
  public static String current(SparkContext sc) {
    return sc.getLocalProperty(PROPERTY);
  }

  /** Sets the description of the current thread's jobs; returns the one it replaces (null if none), to {@link #restore}. */
  public static String set(SparkContext sc, String description) {
    String before = current(sc);
    sc.setJobDescription(description);
    return before;
  }

  /** Gives the current thread's jobs the description they had before {@link #set} (none, for null). */
  public static void restore(SparkContext sc, String before) {
    sc.setJobDescription(before);
  }

  /** Runs {@code body} with its jobs described as {@code description}, then restores the description before. */
  public static <T> T during(SparkSession spark, String description, Supplier<T> body) {
    String before = set(spark.sparkContext(), description);
    try {
      return body.get();
    } finally {
      restore(spark.sparkContext(), before);
    }
  }

  /** {@link #during(SparkSession, String, Supplier)} for a body without a result. */
  public static void during(SparkSession spark, String description, Runnable body) {
    during(spark, description, () -> {
      body.run();
      return null;
    });
  }
}
