package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.report.Scope;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the pipeline: read touchpoint events, validate, deduplicate, publish Parquet tables and a run "
        + "manifest.",
        "Plain: every --input as given, every table replaced.",
        "--date D: the nightly run for logical date D. Reads only D's landing data (--input with {date}), keeps what "
            + "earlier runs loaded, and replaces only the partitions whose content changed.",
        "--full-refresh: rebuilds everything from every date's landing data (up to --date, if given)."})
final class RunCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "A plain run's as-of time, ISO instant or date (default: now). Later events count as future. "
          + "A run by date is as of the end of its last date.")
  String asOf;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The logical date to load (see above).")
  String date;

  @Option(names = "--full-refresh", description = "Rebuild every table from all landing dates (see above).")
  boolean fullRefresh;

  @Override
  public Integer call() {
    if (asOf != null && (date != null || fullRefresh)) {
      throw new InputException("--as-of is for plain runs; a run by date is as of the end of its last date");
    }
    LocalDate d = date == null ? null : RunOptions.parseDate("--date", date);
    Scope scope = fullRefresh ? Scope.fullRefresh(d) : d != null ? Scope.dates(d, d) : Scope.plain();
    return options.run("cx run", parseAsOf(asOf), scope);
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
}
