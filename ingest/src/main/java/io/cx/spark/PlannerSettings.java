package io.cx.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.OptionConverters;

/**
 * Runtime SQL settings that one step of the job is planned and run with, and no other: Spark reads
 * them when it plans (and, with adaptive execution, re-plans) a query, which happens inside the
 * action that writes the step's output.
 */
public final class PlannerSettings {
  private PlannerSettings() {}

  /** Runs {@code action} with {@code settings} in effect, then restores what was set before. */
  public static <T> T during(SparkSession spark, Map<String, String> settings, Supplier<T> action) {
    RuntimeConfig conf = spark.conf();
    Map<String, Optional<String>> before = new HashMap<>();
    settings.keySet().forEach(k -> before.put(k, OptionConverters.toJava(conf.getOption(k))));
    settings.forEach(conf::set);
    try {
      return action.get();
    } finally {
      before.forEach((k, v) -> {
        if (v.isPresent()) {
          conf.set(k, v.get());
        } else {
          conf.unset(k);
        }
      });
    }
  }
}
