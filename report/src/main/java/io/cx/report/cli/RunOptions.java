package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.ingest.InputSpec.InputFormat;
import io.cx.report.Pipeline;
import io.cx.report.RunManifest;
import io.cx.report.Scope;
import io.cx.report.SparkSessions;
import io.cx.report.config.CxConfig;
import org.apache.spark.sql.SparkSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every pipeline run takes: what to read, how, and where to publish. */
final class RunOptions {
  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
      description = {"Input file, folder or glob (repeatable). JSON Lines, CSV with header or Parquet, plain or .gz.",
          "For a run by date (--date, --full-refresh, backfill): a template with {date}, e.g. 'landing/dt={date}/'."})
  List<String> inputs;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output root: one folder per table.")
  String output;

  @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl, csv or parquet (default: from the file names).")
  String format;

  @Option(names = "--mapping", paramLabel = "FILE.sql",
      description = "Spark SQL SELECT over the view `source` (the raw records) producing the contract's columns.")
  Path mapping;

  @Option(names = "--source", paramLabel = "NAME=PATH",
      description = "A lookup file the mapping may join, as the view NAME (repeatable), e.g. --source orders=orders.csv.")
  Map<String, String> lookups = new LinkedHashMap<>();

  @Option(names = "--adopt-output", description = {"Let cx manage an output folder that is not empty and was not "
      + "created by cx (cx marks the folders it owns; it refuses others so that it never removes data it did not write)."})
  boolean adoptOutput;

  @Option(names = "--customer-attributes", paramLabel = "FILE", description = {"Customer attributes: a CSV (with a "
      + "header) or Parquet file of customer_id plus attribute columns (persona, region, tier, ...), published on "
      + "customers and used as segment kinds of kpi_segments (the setting customers.attributes)."})
  String customerAttributes;

  @Mixin ConfigOptions config;

  /** Runs the pipeline in a new (or the shared) SparkSession, prints the summary, returns the exit code. */
  int run(String appName, Instant asOf, Scope scope) {
    CxConfig settings = config.load(customerAttributes == null ? Map.of()
        : Map.of(CxConfig.CUSTOMER_ATTRIBUTES, customerAttributes));
    Pipeline.Request request = new Pipeline.Request(inputs, Optional.ofNullable(format).map(InputFormat::parse),
        Optional.ofNullable(mapping).map(RunOptions::readMapping), lookups, output, asOf, settings, scope,
        adoptOutput);
    SparkSession spark = SparkSessions.create(appName);
    RunManifest m = Pipeline.run(spark, request);
    System.out.print(Summary.of(m));
    String page = PageAfterRun.write(spark, settings, output, m);
    if (page != null) {
      System.out.println("report: " + page);
    }
    return m.exitCode();
  }

  static LocalDate parseDate(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InputException(option + " '" + text + "' is not a date (YYYY-MM-DD)");
    }
  }

  static String readMapping(Path file) {
    try {
      String sql = Files.readString(file).trim();
      if (sql.endsWith(";")) {
        sql = sql.substring(0, sql.length() - 1);
      }
      if (sql.isEmpty()) {
        throw new InputException("mapping file " + file + " is empty");
      }
      return sql;
    } catch (IOException e) {
      throw new InputException("cannot read mapping file " + file + ": " + e.getMessage());
    }
  }
}
