package io.cx.report.cli;

import io.cx.report.RunManifest;
import io.cx.report.config.CxConfig;
import io.cx.report.page.Report;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;

/** The report page a successful run or demo writes after publishing (setting {@code report.page}). */
final class PageAfterRun {
  private PageAfterRun() {}

  /** The page's path, or null when none was written (turned off, the run failed, or the page failed: a warning). */
  static String write(SparkSession spark, CxConfig config, String output, RunManifest m) {
    if (!config.reportPage() || m.exitCode() != 0) {
      return null;
    }
    try {
      Path page = Report.write(spark.sparkContext().hadoopConfiguration(), output, config.reportPeriod(),
          Report.defaultTarget(output));
      return page.toUri().getPath();
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(PageAfterRun.class).debug("the report page failed", e);
      System.err.println("cx: warning: the tables are published, but the report page could not be written: "
          + e.getMessage() + " (run `cx report " + output + "` to try again)");
      return null;
    }
  }
}
