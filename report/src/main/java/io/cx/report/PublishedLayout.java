package io.cx.report;

import io.cx.ingest.InputException;
import io.cx.ingest.RejectedContract;
import io.cx.metrics.KpiTables;
import io.cx.report.publish.Footers;
import io.cx.transform.DetailTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
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
    Stream.of(DetailTable.DECLARED.stream().map(DetailTable::name), Stream.of(RejectedContract.TABLE),
        KpiTables.ALL.stream()).flatMap(s -> s).forEach(table -> {
          String expected = Staging.partitionColumn(table) + "=";
          for (FileStatus s : Footers.partitions(fs, new Path(root, table))) {
            String folder = s.getPath().getName();
            if (!folder.startsWith(expected)) {
              other.add(table + "/" + folder.substring(0, folder.indexOf('=')) + "= (now " + expected + ")");
              return;
            }
          }
        });
    if (!other.isEmpty()) {
      throw new InputException("the output under " + root + " was published with another partition layout ("
          + String.join(", ", other) + "); a run by date keeps most partitions as they are, so it cannot mix "
          + "layouts: rebuild the output once with `cx run --full-refresh`");
    }
  }
}
