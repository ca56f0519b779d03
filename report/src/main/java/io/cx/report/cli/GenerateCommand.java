package io.cx.report.cli;

import io.cx.report.SparkSessions;
import io.cx.report.sample.SampleGenerator;
import io.cx.report.sample.SampleOptions;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a seeded, realistic sample of touchpoint events (the same options give the same data).")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder to write.")
  String output;

  @Option(names = "--customers", defaultValue = "1000", description = "Registered customers (default: ${DEFAULT-VALUE}); about a third as many anonymous visitors come on top.")
  long customers;

  @Option(names = "--days", defaultValue = "90", description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--start-date", defaultValue = "2026-01-01", description = "First day, UTC (default: ${DEFAULT-VALUE}).")
  LocalDate startDate;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl, csv or parquet (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--broken-share", defaultValue = "0.01", description = "Share of records that break a contract rule (default: ${DEFAULT-VALUE}).")
  double brokenShare;

  @Option(names = "--duplicate-share", defaultValue = "0.005", description = "Share of records sent twice (default: ${DEFAULT-VALUE}).")
  double duplicateShare;

  @Option(names = "--gzip", description = "Compress the files.")
  boolean gzip;

  @Option(names = "--overwrite", description = "Replace the output folder if it is not empty.")
  boolean overwrite;

  @Override
  public Integer call() {
    SampleOptions o = new SampleOptions(customers, days, seed, startDate, brokenShare, duplicateShare);
    SampleGenerator.Format f = SampleGenerator.Format.parse(format);
    long t0 = System.nanoTime();
    SampleGenerator.Written w = SampleGenerator.generate(SparkSessions.create("cx generate"), o, f, output, gzip, overwrite);
    System.out.printf(Locale.ROOT, "wrote %,d records in %d %s files to %s (%s .. %s, %.1f s)%n", w.records(), w.files(),
        f.name().toLowerCase(Locale.ROOT), output, startDate, startDate.plusDays(days - 1L), (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
