package io.cx.report.cli;

import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import io.cx.ingest.InputException;
import io.cx.report.Pipeline;
import io.cx.report.RunManifest;
import io.cx.report.page.Report;
import io.cx.report.SparkSessions;
import io.cx.report.config.CxConfig;
import io.cx.report.sample.SampleGenerator;
import io.cx.report.sample.SampleOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the pipeline against Spark's own floor on the same generated input: reading it and
 * writing it back as date-partitioned Parquet, nothing else. The pipeline's cost has a fixed part
 * (planning, scheduling and a few files per table, whatever the input) and a part per event; the
 * fixed part is measured on a tiny input first, so both are tracked.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark: generate N events, time Spark's floor (read + date-partitioned Parquet write) "
        + "and the full pipeline on them, print per-stage seconds, events/s, peak driver heap and pipeline/floor.",
        "With --nightly: the cost of a nightly run as history grows."})
final class BenchCommand implements Callable<Integer> {
  /** Generated records per customer over 90 days (measured with the default generator settings). */
  static final double RECORDS_PER_CUSTOMER = 50.0;

  /** Events of the tiny input whose pipeline time is the fixed part. */
  static final long TINY = 1_000;

  @Option(names = "--events", split = ",", defaultValue = "100000,1000000,10000000,30000000",
      description = "Approximate event counts to run, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Long> events;

  @Option(names = "--dir", defaultValue = "cx-bench", description = "Working folder (default: ${DEFAULT-VALUE}). Each size gets a folder in it, emptied by the next "
          + "benchmark; a folder of that name that the benchmark did not write stops it (exit 2).")
  Path dir;

  @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--nightly", description = "Instead: time a nightly run (run --date of the last day) after a full "
      + "refresh of the days before it, for each --history at the same --events-per-day.")
  boolean nightly;

  @Option(names = "--events-per-day", defaultValue = "10000",
      description = "With --nightly: generated events per day (default: ${DEFAULT-VALUE}).")
  long eventsPerDay;

  @Option(names = "--history", split = ",", defaultValue = "90,360",
      description = "With --nightly: days of history, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> histories;

  @Option(names = "--repeat", defaultValue = "3",
      description = "With --nightly: timed nightly runs per history, the histories interleaved; the median counts "
          + "(default: ${DEFAULT-VALUE}).")
  int repeat;

  @Spec
  CommandSpec spec;

  record Result(long records, double generate, double floor, double pipeline, Map<String, Double> stages,
      long floorPeakMb, long pipelinePeakMb, double reportPage) {}

  @Override
  public Integer call() {
    if (repeat < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, not " + repeat);
    }
    SparkSession spark = SparkSessions.create("cx bench");
    if (nightly) {
      NightlyBench.run(spark, dir.resolve("nightly"), eventsPerDay, histories, seed, repeat);
      return 0;
    }
    // The first tiny run warms the JVM (class loading, JIT); the second is the fixed part.
    runScale(spark, TINY);
    Result fixed = runScale(spark, TINY);
    System.out.printf(Locale.ROOT, "%nfixed part (the pipeline on %,d events, after one warm-up run): pipeline %.1f s, "
        + "floor %.1f s%n", fixed.records(), fixed.pipeline(), fixed.floor());
    List<Result> results = new ArrayList<>();
    for (long n : events) {
      results.add(runScale(spark, n));
      print(results.get(results.size() - 1), fixed);
    }
    printGrowth(results);
    return 0;
  }

  private Result runScale(SparkSession spark, long n) {
    long customers = Math.max(1, Math.round(n / RECORDS_PER_CUSTOMER));
    SampleOptions o = new SampleOptions(customers, 90, seed, SampleOptions.DEFAULT_START, 0.01, 0.005);
    Path root = dir.resolve("n" + n);
    freshFolder(root);
    String input = root.resolve("input").toString();
    long t = System.nanoTime();
    long records = SampleGenerator.generate(spark, o, SampleGenerator.Format.JSONL, input, false, true).records();
    double generate = since(t);

    resetPeaks();
    t = System.nanoTime();
    floor(spark, input, root.resolve("floor").toString());
    double floor = since(t);
    long floorPeak = peakHeapMb();

    resetPeaks();
    t = System.nanoTime();
    RunManifest m = Pipeline.run(spark, new Pipeline.Request(List.of(input), Optional.empty(), Optional.empty(),
        root.resolve("output").toString(), o.end(), CxConfig.load(Optional.empty(), Map.of("ingest.max-rejected-share", "1"))));
    double pipeline = since(t);
    long peak = peakHeapMb();

    // The report page of this output, as `cx report` makes it (no Spark).
    t = System.nanoTime();
    String output = root.resolve("output").toString();
    Report.write(new org.apache.hadoop.conf.Configuration(), output, "month", Report.defaultTarget(output));
    double page = since(t);
    return new Result(records, generate, floor, pipeline, m.stageSeconds(), floorPeak, peak, page);
  }

  /** Spark's floor for this input: read it, write it back as date-partitioned Parquet. */
  static void floor(SparkSession spark, String input, String output) {
    io.cx.spark.JobDescription.during(spark, "bench: floor", () -> spark.read().schema(EventContract.TEXT_SCHEMA).json(input)
        .withColumn(EventContract.DATE, col(EventContract.EVENT_TIME).substr(1, 10).try_cast(DataTypes.DateType))
        .repartition(col(EventContract.DATE))
        .write().mode(SaveMode.Overwrite).partitionBy(EventContract.DATE).parquet(output));
  }

  private static void print(Result r, Result fixed) {
    System.out.printf(Locale.ROOT, "%n%,d events: generate %.1f s | floor %.1f s (%,.0f ev/s, peak heap %,d MB) | "
            + "pipeline %.1f s (%,.0f ev/s, peak heap %,d MB) | pipeline/floor %.2f | report page %.1f s%n",
        r.records(), r.generate(), r.floor(), r.records() / r.floor(), r.floorPeakMb(), r.pipeline(),
        r.records() / r.pipeline(), r.pipelinePeakMb(), r.pipeline() / r.floor(), r.reportPage());
    System.out.printf(Locale.ROOT, "  pipeline = fixed %.1f s + per event %.2f us x %,d events (%.1f s)%n",
        fixed.pipeline(), perEventMicros(r, fixed), r.records(), r.pipeline() - fixed.pipeline());
    r.stages().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "  %-46s %8.1f s%n", e.getKey(), e.getValue()));
  }

  private static void printGrowth(List<Result> results) {
    if (results.size() < 2) {
      return;
    }
    Result base = results.stream().max(Comparator.comparingLong(Result::records)).orElseThrow();
    System.out.printf(Locale.ROOT, "%ncost per event relative to the %,d-event run:%n", base.records());
    for (Result r : results) {
      double perEvent = r.pipeline() / r.records();
      System.out.printf(Locale.ROOT, "  %,14d events  %.3f us/event  x%.2f%n", r.records(), perEvent * 1e6,
          perEvent / (base.pipeline() / base.records()));
    }
  }

  /** The pipeline's time per event beyond the fixed part, in microseconds. */
  static double perEventMicros(Result r, Result fixed) {
    return (r.pipeline() - fixed.pipeline()) / Math.max(1, r.records() - fixed.records()) * 1e6;
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        bytes += p.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }

  static double since(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  /** The file that marks a folder as written by the benchmark, which it may therefore empty. */
  static final String MARKER = ".cx-bench";

  /**
   * Empties a working folder of the benchmark, or creates it, and marks it as the benchmark's. A
   * folder that exists without the marker was not written by the benchmark and is refused, not
   * deleted: {@code --dir} may point at a folder that holds other things.
   */
  static void freshFolder(Path root) {
    if (Files.exists(root) && !Files.exists(root.resolve(MARKER))) {
      throw new InputException("--dir: " + root + " exists and was not written by cx bench; the benchmark "
          + "empties its working folders, so it leaves this one alone: choose another --dir, or remove it");
    }
    deleteRecursively(root);
    try {
      Files.createDirectories(root);
      Files.writeString(root.resolve(MARKER), "a working folder of cx bench, emptied by its next run\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
