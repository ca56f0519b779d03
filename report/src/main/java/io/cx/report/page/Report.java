package io.cx.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.cx.report.publish.Footers;
import io.cx.report.publish.ManifestFiles;
import io.cx.report.publish.OutputFiles;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code cx report}: the report page of a published output, read from its tables and its latest run
 * manifest without Spark, written to one HTML file that replaces the previous one in one step.
 */
public final class Report {
  /** The page's folder under the output root; the leading underscore keeps it out of every table reader's way. */
  public static final String FOLDER = "_report";
  public static final String FILE = "index.html";

  private Report() {}

  /** The default place of the page: {@code OUTPUT/_report/index.html}. */
  public static Path defaultTarget(String output) {
    return new Path(new Path(output, FOLDER), FILE);
  }

  /**
   * The last day a run as of {@code asOf} has seen whole, in the reporting zone: the day before the
   * as-of time's date (a run as of 21:00 has seen part of its day only; one as of midnight all of
   * the day before). A period is complete when its last day is; the page and the run's headline
   * both pick their period by this rule.
   */
  public static java.time.LocalDate lastCompleteDay(Instant asOf, java.time.ZoneId zone) {
    return asOf.atZone(zone).toLocalDate().minusDays(1);
  }

  /** Builds the page model of {@code output} for periods of {@code grain}. */
  public static PageModel model(Configuration conf, String output, String grain, Instant now) {
    Path root = new Path(output);
    try {
      FileSystem fs = Footers.existingOutput(root, conf);
      JsonNode manifest = manifest(fs, new Path(new Path(root, ManifestFiles.DIR), ManifestFiles.LATEST));
      Map<String, List<PageRow>> cache = new HashMap<>();
      return new PageBuilder(name -> cache.computeIfAbsent(name, n -> PublishedRows.read(fs, new Path(root, n))),
          manifest, grain, now).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the page of {@code output} to {@code page} and returns where it went. */
  public static Path write(Configuration conf, String output, String grain, Path page) {
    String html = ReportPage.html(model(conf, output, grain, Instant.now()));
    try {
      FileSystem fs = page.getFileSystem(conf);
      Path target = fs.makeQualified(page);
      fs.mkdirs(target.getParent());
      OutputFiles.writeAtomically(fs, target, html);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode manifest(FileSystem fs, Path path) throws IOException {
    if (!fs.exists(path)) {
      return null;
    }
    try (var in = fs.open(path)) {
      return new ObjectMapper().readTree(in);
    }
  }
}
