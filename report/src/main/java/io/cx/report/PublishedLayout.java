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
 * version (KPI tables by {@code date=} instead of {@code month=}, or events without columns the
 * contract has gained since) is refused until a full refresh, which replaces every table whole.
 */
final class PublishedLayout {
  private PublishedLayout() {}

  /** Refuses (exit 2) a run by date over tables partitioned otherwise than declared. */
  static void check(FileSystem fs, Path root) {
    List<String> other = new ArrayList<>();
    for (DeclaredTables.Declared declared : DeclaredTables.ALL) {
      String table = declared.name();
      String expected = declared.layout().partitionColumn() + "=";
      Footers.partitions(fs, new Path(root, table)).stream().map(s -> s.getPath().getName())
          .filter(folder -> !folder.startsWith(expected)).findFirst().ifPresent(folder ->
              other.add(table + "/" + folder.substring(0, folder.indexOf('=')) + "= (now " + expected + ")"));
    }
    if (!other.isEmpty()) {
      throw new InputException("the output under " + root + " was published with another partition layout ("
          + String.join(", ", other) + "); a run by date keeps most partitions as they are, so it cannot mix "
          + "layouts: rebuild the output once with `cx run --full-refresh`");
    }
    List<String> missing = missingEventColumns(fs, root);
    if (!missing.isEmpty()) {
      throw new InputException("the event contract has columns the published events table lacks ("
          + String.join(", ", missing) + "): a run by date keeps most partitions as they are, so it cannot mix "
          + "the two; rebuild the output once with `cx run --full-refresh`");
    }
  }

  /** The contract's columns that the newest published partition of {@code events} lacks. */
  static List<String> missingEventColumns(FileSystem fs, Path root) {
    List<org.apache.hadoop.fs.FileStatus> parts = Footers.partitions(fs, new Path(root,
        io.cx.transform.DetailTable.EVENTS.name()));
    if (parts.isEmpty()) {
      return List.of();
    }
    List<io.cx.report.publish.ParquetSchemas.Column> columns =
        Footers.columnsOfOneFile(fs, parts.get(parts.size() - 1).getPath());
    if (columns == null) {
      return List.of();
    }
    List<String> names = columns.stream().map(io.cx.report.publish.ParquetSchemas.Column::name).toList();
    return io.cx.ingest.EventContract.COLUMNS.stream().filter(c -> !names.contains(c)).toList();
  }
}
