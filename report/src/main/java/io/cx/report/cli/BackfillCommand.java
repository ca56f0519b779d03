package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.report.Scope;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Load the landing data of every logical date from --from to --to (dates without data are skipped) "
        + "in one run, keeping what runs for other dates loaded, and replace only the partitions whose content "
        + "changed. Publishes the same tables as running `cx run --date` for each date in turn.",
        "--input must be a template with {date}, e.g. 'landing/dt={date}/'."})
final class BackfillCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First logical date.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last logical date (inclusive).")
  String to;

  @Override
  public Integer call() {
    LocalDate first = RunOptions.parseDate("--from", from);
    LocalDate last = RunOptions.parseDate("--to", to);
    if (first.isAfter(last)) {
      throw new InputException("--from " + first + " is after --to " + last);
    }
    return options.run("cx backfill", Instant.now(), Scope.dates(first, last));
  }
}
