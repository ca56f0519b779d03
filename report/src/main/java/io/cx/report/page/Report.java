package io.cx.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.ingest.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * {@code cx report}: the report page of a published output, read from its tables and its latest run
 * manifest without Spark, written to one HTML file that replaces the previous one in one step.
 */
public final class Report {
  /** The page's folder under the output root; the leading underscore keeps it out of every table reader's way. */
  public static final String FOLDER = "_report";
  public static final String FILE = "index.html";
  static final String MANIFEST = "_manifests/latest.json";

  private Report() {}

  /** The default place of the page: {@code OUTPUT/_report/index.html}. */
  public static Path defaultTarget(String output) {
    return new Path(new Path(output, FOLDER), FILE);
  }

  /** Builds the page model of {@code output} for periods of {@code grain}. */
  public static PageModel model(Configuration conf, String output, String grain, Instant now) {
    Path root = new Path(output);
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new InputException("output " + output + " does not exist");
      }
      JsonNode manifest = manifest(fs, new Path(root, MANIFEST));
      Map<String, List<PageRow>> cache = new HashMap<>();
      return new PageBuilder(name -> cache.computeIfAbsent(name, n -> PublishedRows.read(fs, new Path(root, n))),
          manifest, grain, now).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the page of {@code output} to {@code target} and returns where it went. */
  public static Path write(Configuration conf, String output, String grain, Path page) {
    Path target = page;
    String html = ReportPage.html(model(conf, output, grain, Instant.now()));
    try {
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + ProcessHandle.current().pid());
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        java.nio.file.Path t = java.nio.file.Path.of(target.toUri().getPath());
        java.nio.file.Path tmpFile = t.resolveSibling(tmp.getName());
        Files.createDirectories(t.getParent());
        Files.writeString(tmpFile, html, StandardCharsets.UTF_8);
        Files.move(tmpFile, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
      }
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
      // Object stores and HDFS do not replace on rename: the old page goes first.
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot move " + tmp + " to " + target);
      }
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
