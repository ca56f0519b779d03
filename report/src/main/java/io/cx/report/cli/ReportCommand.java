package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.report.page.PageBuilder;
import io.cx.report.page.Report;
import io.cx.report.publish.Footers;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write the report page of a published output: one self-contained HTML file with the scorecard, "
        + "charts and their numbers, read from the published tables and the last run manifest (no Spark).",
        "The page opens offline and can be mailed; print it from the browser for an A4 PDF."})
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUTPUT", description = "The output root a run wrote (--output).")
  String output;

  @Option(names = "--period", paramLabel = "GRAIN", defaultValue = "month",
      description = "The period the page compares with the one before: month, quarter or week (default: ${DEFAULT-VALUE}).")
  String period;

  @Option(names = "--to", paramLabel = "FILE", description = "Where to write the page (default: OUTPUT/_report/index.html).")
  String to;

  @Override
  public Integer call() {
    if (!PageBuilder.GRAINS.contains(period)) {
      throw new InputException("--period " + period + " is not one of " + String.join(", ", PageBuilder.GRAINS));
    }
    Configuration conf = Footers.readerConfiguration();
    Path target = to == null ? Report.defaultTarget(output) : new Path(new java.io.File(to).getAbsoluteFile().toURI());
    Path written = Report.write(conf, output, period, target);
    System.out.println("report: " + written.toUri().getPath());
    return 0;
  }
}
