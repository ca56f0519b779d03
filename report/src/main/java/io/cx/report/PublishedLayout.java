package io.cx.report;

import io.cx.ingest.InputException;
import io.cx.report.publish.Footers;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run by date rewrites some partitions of each table and keeps the others, so the published
 * tables must be partitioned as this version declares them. An output published by an earlier
 * version (KPI tables by {@code date=} instead of {@code month=}) is refused until a full refresh,
 * which replaces every table whole in the new layout.
 */
final class PublishedLayout {
  private PublishedLayout() {}

  /** Refuses (exit 2) a run by date over tables partitioned otherwise than declared. */
  static void check(FileSystem fs, Path root) {
    List<String> other = new ArrayList<>();
    for (String table : Finality.horizons().keySet()) {
      String expected = Staging.partitionColumn(table) + "=";
      Footers.partitions(fs, new Path(root, table)).stream().map(s -> s.getPath().getName())
          .filter(folder -> !folder.startsWith(expected)).findFirst().ifPresent(folder ->
              other.add(table + "/" + folder.substring(0, folder.indexOf('=')) + "= (now " + expected + ")"));
    }
    if (!other.isEmpty()) {
      throw new InputException("the output under " + root + " was published with another partition layout ("
          + String.join(", ", other) + "); a run by date keeps most partitions as they are, so it cannot mix "
          + "layouts: rebuild the output once with `cx run --full-refresh`");
    }
  }
}
