package io.cx.report;

import io.cx.spark.JobDescription;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkContext;

/**
 * What a run is doing: the step it is in, how long each step took, and what it has found so far
 * ({@link RunFacts}, replaced whole at each step). Read for the manifest, and for the manifest of
 * a run that fails (which names the step it failed in).
 */
final class RunLog {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final SparkContext sc;
  private String step = "start";
  private RunFacts facts;

  /** {@code sc}: the context whose jobs each step names. */
  RunLog(RunFacts facts, SparkContext sc) {
    this.facts = facts;
    this.sc = sc;
  }

  /**
   * Runs one step; it may read its own elapsed seconds. The seconds of every step are kept, in
   * order. The Spark jobs the step starts are described by its name (the key of its seconds in
   * the manifest), unless a part of it names its own.
   */
  <T> T step(String name, Function<DoubleSupplier, T> body) {
    step = name;
    long t = System.nanoTime();
    String before = JobDescription.set(sc, name);
    try {
      return body.apply(() -> secondsSince(t));
    } finally {
      JobDescription.restore(sc, before);
      seconds.put(name, secondsSince(t));
    }
  }

  /** Seconds of steps timed elsewhere (disjoint from the steps timed here). */
  void addSeconds(Map<String, Double> more) {
    seconds.putAll(more);
  }

  double seconds(String name) {
    return seconds.getOrDefault(name, 0.0);
  }

  /** The facts with something found: {@code update} returns a new value. */
  RunFacts found(UnaryOperator<RunFacts> update) {
    facts = update.apply(facts);
    return facts;
  }

  RunFacts facts() {
    return facts;
  }

  String currentStep() {
    return step;
  }

  Map<String, Double> secondsByStep() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  static double secondsSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1e7) / 100.0;
  }
}
