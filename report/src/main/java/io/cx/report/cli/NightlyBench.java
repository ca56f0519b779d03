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

  /**
   * One history's figures: the nightly run's seconds and steps are those of the run with the
   * median time, {@code nights} every timed run's seconds in order.
   */
  record Result(int days, long records, long lastDayRecords, double fullRefresh, double nightly,
      Map<String, Double> nightlyStages, List<Double> nights) {}

  /** A history published up to the day before its last, kept in {@code base} for every timed night. */
  private record Prepared(int days, long records, long lastDayRecords, double fullRefresh, LocalDate last,
      String template, Path base, Path output) {}

  /**
   * Prepares every history, then times {@code repeat} rounds of their nightly runs, the histories
   * interleaved within each round so that a change of the machine's speed hits them alike; each
   * night starts from a copy of the output as the full refresh left it.
   */
  static List<Result> run(SparkSession spark, Path dir, long eventsPerDay, List<Integer> histories, long seed,
      int repeat) {
    List<Prepared> prepared = new ArrayList<>();
    for (int days : histories) {
      prepared.add(prepare(spark, dir.resolve("d" + days), eventsPerDay, days, seed));
    }
    Map<Integer, List<RunManifest>> nights = new java.util.LinkedHashMap<>();
    Map<Integer, List<Double>> seconds = new java.util.LinkedHashMap<>();
    for (int round = 1; round <= repeat; round++) {
      for (Prepared p : prepared) {
        copyTree(p.base(), p.output());
        long t = System.nanoTime();
        RunManifest nightly = run(spark, p.template(), p.output().toString(), Scope.dates(p.last(), p.last()));
        double s = BenchCommand.since(t);
        check(nightly);
        System.out.printf(Locale.ROOT, "round %d of %d, %d days of history: nightly run %.1f s%n", round, repeat,
            p.days(), s);
        nights.computeIfAbsent(p.days(), d -> new ArrayList<>()).add(nightly);
        seconds.computeIfAbsent(p.days(), d -> new ArrayList<>()).add(s);
      }
    }
    List<Result> results = new ArrayList<>();
    for (Prepared p : prepared) {
      List<Double> times = seconds.get(p.days());
      int median = medianIndex(times);
      Result r = new Result(p.days(), p.records(), p.lastDayRecords(), p.fullRefresh(), times.get(median),
          nights.get(p.days()).get(median).stageSeconds(), times);
      print(r);
      results.add(r);
    }
    printRatios(results);
    return results;
  }

  /** The position of the median of {@code values} (the lower one of the middle two for an even count). */
  static int medianIndex(List<Double> values) {
    List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, values.size()).boxed().toList());
    order.sort(java.util.Comparator.comparing(values::get));
    return order.get((values.size() - 1) / 2);
  }

  private static Prepared prepare(SparkSession spark, Path root, long eventsPerDay, int days, long seed) {
    BenchCommand.freshFolder(root);
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
    Path base = root.resolve("published-before-the-last-day");

    long t = System.nanoTime();
    check(run(spark, template, base.toString(), Scope.fullRefresh(last.minusDays(1))));
    double fullSeconds = BenchCommand.since(t);
    System.out.printf(Locale.ROOT, "%d days of history: full refresh by date of the first %d days %.1f s%n", days,
        days - 1, fullSeconds);
    return new Prepared(days, records, perDay.getOrDefault(last.toString(), 0L), fullSeconds, last, template, base,
        root.resolve("output"));
  }

  private static void check(RunManifest m) {
    if (m.exitCode() != 0) {
      throw new IllegalStateException("a benchmark run failed: " + m.message());
    }
  }

  /** Replaces {@code to} with a copy of {@code from}. */
  static void copyTree(Path from, Path to) {
    BenchCommand.deleteRecursively(to);
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
            + "the first %d days %.1f s | nightly run of the last day %.1f s (median of %s) | nightly / full refresh "
            + "%.3f%n", r.days(), r.records(), r.lastDayRecords(), r.days() - 1, r.fullRefresh(), r.nightly(),
        r.nights().stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList(), r.nightly() / r.fullRefresh());
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
