package io.cx.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.cx.ingest.InputException;
import io.cx.report.config.CxConfig;
import io.cx.report.publish.Inventory;
import io.cx.report.publish.ManifestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A changed window is a changed contract: it moves which rows of other dates an event changes,
 * and which partitions are final. A run by date over an output published with other windows would
 * leave the final partitions computed one way and the others another, so it is refused.
 */
final class PublishedWindows {
  private PublishedWindows() {}

  /**
   * Refuses (exit 2) a run by date whose windows differ from those of the last run that published
   * the output. An output nothing was published to yet, or one whose manifest is gone, passes.
   */
  static void check(FileSystem fs, Path root, CxConfig config) {
    String runId = Inventory.successMarker(fs, root);
    if (runId == null) {
      return;
    }
    Path manifest = new Path(new Path(root, ManifestFiles.DIR), runId + ".json");
    JsonNode configuration;
    try {
      if (!fs.exists(manifest)) {
        return;
      }
      try (InputStream in = fs.open(manifest)) {
        configuration = RunManifest.JSON.readTree(in).get("configuration");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
    }
    if (configuration == null) {
      return;
    }
    List<String> changed = config.windowsChangedSince(configuration.toString());
    if (!changed.isEmpty()) {
      throw new InputException("the output under " + root + " was published with other windows ("
          + String.join("; ", changed) + "); they decide which partitions are final, so a run by date cannot mix "
          + "them: rebuild the output once with `cx run --full-refresh` (or run with the published values)");
    }
  }
}
