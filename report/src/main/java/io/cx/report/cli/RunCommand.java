package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.ingest.InputSpec.InputFormat;
import io.cx.report.Pipeline;
import io.cx.report.RunManifest;
import io.cx.report.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the pipeline: read touchpoint events, validate, deduplicate, publish Parquet tables and a run manifest.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
      description = "Input file, folder or glob (repeatable). JSON Lines, CSV with header or Parquet, plain or .gz.")
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
  java.util.Map<String, String> lookups = new java.util.LinkedHashMap<>();

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "The run's as-of time, ISO instant or date (default: now). Later events count as future.")
  String asOf;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    Pipeline.Request request = new Pipeline.Request(inputs, Optional.ofNullable(format).map(InputFormat::parse),
        Optional.ofNullable(mapping).map(RunCommand::readMapping), lookups, output, parseAsOf(asOf), config.load());
    SparkSession spark = SparkSessions.create("cx run");
    RunManifest m = Pipeline.run(spark, request);
    System.out.print(Summary.of(m));
    return m.exitCode();
  }

  static Instant parseAsOf(String text) {
    if (text == null) {
      return Instant.now();
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InputException("--as-of '" + text + "' is neither an ISO instant (2026-03-01T00:00:00Z) nor a date");
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
