package io.cx.report.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an output root holds, read from the file system and the Parquet footers only (no Spark):
 * the tables with their partitions, rows, files, bytes and columns, the success marker, and
 * traces of a publish in progress or interrupted.
 */
public record Inventory(String output, String succeededRun, List<String> unfinishedPublishes,
    List<String> stagingRuns, List<Table> tables) {

  /** One partition folder: its value, rows, data files and bytes. */
  public record Partition(String value, long rows, long files, long bytes) {}

  /**
   * One table. {@code columns} come from its first file; {@code schemaProblems} names every file
   * whose columns differ from those; {@code damagedFiles} every file whose footer cannot be read
   * ("path: error"), left out of the counts.
   */
  public record Table(String name, String partitionColumn, long rows, long files, long bytes,
      List<Partition> partitions, List<ParquetSchemas.Column> columns, List<String> schemaProblems,
      List<String> damagedFiles) {}

  /** Every table under {@code root}. */
  public static Inventory of(FileSystem fs, Path root) {
    return of(fs, root, name -> true);
  }

  /** The tables under {@code root} whose name passes {@code wanted}. */
  public static Inventory of(FileSystem fs, Path root, java.util.function.Predicate<String> wanted) {
    List<Table> tables = new ArrayList<>();
    for (FileStatus s : Footers.tables(fs, root, wanted)) {
      Footers.Scan scan = Footers.scan(fs, s.getPath());
      tables.add(table(s.getPath().getName(), scan.files(), scan.damaged().stream()
          .map(d -> d.path() + ": " + d.error()).toList()));
    }
    List<String> unfinished = PublishJournal.pending(fs, root).stream().map(PublishJournal::runId).toList();
    List<String> staging = new ArrayList<>();
    for (FileStatus s : list(fs, new Path(root, "_staging"))) {
      staging.add(s.getPath().getName());
    }
    return new Inventory(root.toString(), successMarker(fs, root), unfinished, staging, tables);
  }

  static Table table(String name, List<Footers.FileFooter> files, List<String> damaged) {
    Map<String, long[]> parts = new LinkedHashMap<>();
    String column = files.isEmpty() ? "" : files.get(0).partition().substring(0, files.get(0).partition().indexOf('='));
    List<ParquetSchemas.Column> columns = files.isEmpty() ? List.of() : files.get(0).columns();
    List<String> problems = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    for (Footers.FileFooter f : files) {
      long[] p = parts.computeIfAbsent(f.value(), k -> new long[3]);
      p[0] += f.rows();
      p[1]++;
      p[2] += f.bytes();
      rows += f.rows();
      bytes += f.bytes();
      String mismatch = ParquetSchemas.mismatch(columns, f.columns());
      if (mismatch != null) {
        problems.add(f.path() + ": " + mismatch);
      }
    }
    List<Partition> partitions = new ArrayList<>();
    parts.forEach((v, p) -> partitions.add(new Partition(v, p[0], p[1], p[2])));
    return new Table(name, column, rows, files.size(), bytes, partitions, columns, problems, damaged);
  }

  /** The run id in {@code _SUCCESS}: the last run that completed a publish; null when there is none. */
  public static String successMarker(FileSystem fs, Path root) {
    Path marker = new Path(root, Publisher.SUCCESS);
    try {
      if (!fs.exists(marker)) {
        return null;
      }
      try (var in = fs.open(marker)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + marker + ": " + e.getMessage(), e);
    }
  }

  private static FileStatus[] list(FileSystem fs, Path dir) {
    try {
      return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
