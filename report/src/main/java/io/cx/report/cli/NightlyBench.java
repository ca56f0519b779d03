package io.cx.report.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.InputSpec.InputFormat;
import io.cx.ingest.InputTemplate;
import io.cx.report.Pipeline;
import io.cx.report.RunManifest;
import io.cx.report.Scope;
import io.cx.report.config.CxConfig;
import io.cx.report.sample.SampleGenerator;
import io.cx.report.sample.SampleOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What a scheduler sees: the same daily volume with histories of different lengths, split into
 * daily landing folders. For each history, a full refresh by date of all days but the last, then
 * the run by date of the last day; both timed. A nightly run whose cost is flat in history takes
 * about as long with 360 days behind it as with 90.
 */
final class NightlyBench {
  private NightlyBench() {}

  /** Customers of the probe that measures how many records a customer makes over a history. */
  static final long PROBE_CUSTOMERS = 500;

  record Result(int days, long records, long lastDayRecords, double fullRefresh, double nightly,
      Map<String, Double> nightlyStages) {}

  static List<Result> run(SparkSession spark, Path dir, long eventsPerDay, List<Integer> histories, long seed) {
    List<Result> results = new ArrayList<>();
    for (int days : histories) {
      Result r = history(spark, dir.resolve("d" + days), eventsPerDay, days, seed);
      print(r);
      results.add(r);
    }
    printRatios(results);
    return results;
  }

  private static Result history(SparkSession spark, Path root, long eventsPerDay, int days, long seed) {
    BenchCommand.deleteRecursively(root);
    // Records per customer grow slower than the history (customers lapse), so a probe measures them.
    long probe = SampleGenerator.generate(spark, options(PROBE_CUSTOMERS, days, seed), SampleGenerator.Format.JSONL,
        root.resolve("probe").toString(), false, true).records();
    long customers = Math.max(1, Math.round((double) eventsPerDay * days * PROBE_CUSTOMERS / probe));
    SampleOptions o = options(customers, days, seed);
    String raw = root.resolve("raw").toString();
    long records = SampleGenerator.generate(spark, o, SampleGenerator.Format.JSONL, raw, false, true).records();
    Path landing = root.resolve("landing");
    Map<String, Long> perDay = splitByDay(spark, raw, landing);
    LocalDate last = o.startDate().plusDays(days - 1);
    String template = landing + "/dt=" + InputTemplate.PLACEHOLDER + "/";
    String output = root.resolve("output").toString();

    long t = System.nanoTime();
    RunManifest full = run(spark, template, output, Scope.fullRefresh(last.minusDays(1)));
    double fullSeconds = BenchCommand.since(t);
    t = System.nanoTime();
    RunManifest nightly = run(spark, template, output, Scope.dates(last, last));
    double nightlySeconds = BenchCommand.since(t);
    if (full.exitCode() != 0 || nightly.exitCode() != 0) {
      throw new IllegalStateException("a benchmark run failed: " + full.message() + " " + nightly.message());
    }
    return new Result(days, records, perDay.getOrDefault(last.toString(), 0L), fullSeconds, nightlySeconds,
        nightly.stageSeconds());
  }

  private static SampleOptions options(long customers, int days, long seed) {
    return new SampleOptions(customers, days, seed, SampleOptions.DEFAULT_START, 0.0, 0.005);
  }

  private static RunManifest run(SparkSession spark, String template, String output, Scope scope) {
    return Pipeline.run(spark, new Pipeline.Request(List.of(template), Optional.of(InputFormat.JSONL),
        Optional.empty(), Map.of(), output, Instant.now(), CxConfig.load(Optional.empty(),
            Map.of("ingest.max-rejected-share", "1")), scope, false));
  }

  /**
   * Writes each record under {@code landing/dt=<UTC date of its event_time>/} (the generator
   * writes ISO-8601 times with offsets and epoch milliseconds); returns the records per date.
   */
  static Map<String, Long> splitByDay(SparkSession spark, String raw, Path landing) {
    Column time = get_json_object(col("value"), "$.event_time");
    Column instant = when(time.rlike("^-?[0-9]+$"), timestamp_millis(time.cast("long")))
        .otherwise(time.cast("timestamp"));
    // The session time zone is UTC (SessionDefaults), so the date is the UTC date.
    Dataset<Row> lines = spark.read().text(raw).withColumn("dt", to_date(instant).cast("string"));
    lines.repartition(col("dt")).write().mode(SaveMode.Overwrite).partitionBy("dt").text(landing.toString());
    Map<String, Long> perDay = new java.util.TreeMap<>();
    lines.groupBy("dt").count().collectAsList().forEach(r -> perDay.put(r.getString(0), r.getLong(1)));
    try (Stream<Path> files = Files.walk(landing)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
        Files.move(f, f.resolveSibling(f.getFileName().toString().replaceFirst("\\.txt$", ".jsonl")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return perDay;
  }

  private static void print(Result r) {
    System.out.printf(Locale.ROOT, "%n%d days of history, %,d events (%,d on the last day): full refresh by date of "
            + "the first %d days %.1f s | nightly run of the last day %.1f s | nightly / full refresh %.3f%n",
        r.days(), r.records(), r.lastDayRecords(), r.days() - 1, r.fullRefresh(), r.nightly(),
        r.nightly() / r.fullRefresh());
    r.nightlyStages().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "  %-46s %8.1f s%n", e.getKey(), e.getValue()));
  }

  private static void printRatios(List<Result> results) {
    if (results.size() < 2) {
      return;
    }
    Result shortest = results.get(0);
    for (Result r : results.subList(1, results.size())) {
      System.out.printf(Locale.ROOT, "%nnightly with %d days of history / with %d days: %.2f%n", r.days(),
          shortest.days(), r.nightly() / shortest.nightly());
    }
  }
}
