package io.cx.report.publish;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows, data files and bytes a published table holds, and rows per partition value (from the Parquet footers). */
public record TableStats(long rows, long files, long bytes, Map<String, Long> partitions) {
  /** Row, file and byte counts from the footers, after checking every file against the contract. */
  static TableStats verified(String table, List<Footers.FileFooter> files,
      List<ParquetSchemas.Column> expected) {
    Map<String, Long> partitions = new TreeMap<>();
    long rows = 0;
    long bytes = 0;
    for (Footers.FileFooter f : files) {
      String problem = ParquetSchemas.mismatch(expected, f.columns());
      if (problem != null) {
        throw new IllegalStateException("table " + table + ": file " + f.path() + " does not match the table's "
            + "contract (" + problem + "); nothing was published");
      }
      partitions.merge(f.value(), f.rows(), Long::sum);
      rows += f.rows();
      bytes += f.bytes();
    }
    return new TableStats(rows, files.size(), bytes, partitions);
  }

  /**
   * These staged partitions plus the published files ({@code live}) of every partition value not
   * in {@code restated}: what a table staged in part holds once published.
   */
  TableStats withKept(List<Footers.FileFooter> live, java.util.Set<String> restated) {
    Map<String, Long> merged = new TreeMap<>(partitions);
    long allRows = rows;
    long allFiles = files;
    long allBytes = bytes;
    for (Footers.FileFooter f : live) {
      String value = f.value();
      if (!restated.contains(value)) {
        merged.merge(value, f.rows(), Long::sum);
        allRows += f.rows();
        allFiles++;
        allBytes += f.bytes();
      }
    }
    return new TableStats(allRows, allFiles, allBytes, merged);
  }
}
