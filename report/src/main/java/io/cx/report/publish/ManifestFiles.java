package io.cx.report.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@code _manifests/<run_id>.json} and {@code _manifests/latest.json}, each replaced by rename. */
public final class ManifestFiles {
  public static final String DIR = "_manifests";
  public static final String LATEST = "latest.json";

  private ManifestFiles() {}

  /** Writes a run's manifest and makes it the latest; returns its path. */
  public static Path write(FileSystem fs, Path root, String runId, String json) {
    Path dir = new Path(root, DIR);
    Path file = new Path(dir, runId + ".json");
    try {
      fs.mkdirs(dir);
      OutputFiles.writeAtomically(fs, file, json);
      OutputFiles.writeAtomically(fs, new Path(dir, LATEST), json);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run manifest " + file + ": " + e.getMessage(), e);
    }
  }
}
