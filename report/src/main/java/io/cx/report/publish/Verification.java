package io.cx.report.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Reads every published file whole (footer, then every page of every column, decoded), through
 * the file system's checksums where it keeps them, and lists the files that fail. No Spark: it
 * reads what a BI engine reads, file by file.
 */
public final class Verification {
  private Verification() {}

  /** What a verification found: per table, its files, rows and bytes read, and the damaged files. */
  public record Result(List<TableResult> tables) {
    public long files() {
      return tables.stream().mapToLong(TableResult::files).sum();
    }

    public long bytes() {
      return tables.stream().mapToLong(TableResult::bytes).sum();
    }

    public List<Footers.Damaged> damaged() {
      return tables.stream().flatMap(t -> t.damaged().stream()).toList();
    }
  }

  public record TableResult(String name, long files, long rows, long bytes, List<Footers.Damaged> damaged) {}

  /** Verifies the tables under {@code root} whose names pass {@code wanted}. */
  public static Result of(FileSystem fs, Path root, java.util.function.Predicate<String> wanted) throws IOException {
    List<TableResult> tables = new ArrayList<>();
    FileStatus[] entries = fs.exists(root) ? fs.listStatus(root) : new FileStatus[0];
    for (FileStatus s : entries) {
      String name = s.getPath().getName();
      if (s.isDirectory() && Footers.isVisible(name) && wanted.test(name)) {
        tables.add(table(fs, name, s.getPath()));
      }
    }
    tables.sort(Comparator.comparing(TableResult::name));
    return new Result(tables);
  }

  private static TableResult table(FileSystem fs, String name, Path table) {
    List<FileStatus> files = new ArrayList<>();
    List<String> partitions = new ArrayList<>();
    Footers.dataFiles(fs, table, files, partitions);
    long[] rows = IntStream.range(0, files.size()).parallel()
        .mapToLong(i -> readAll(fs, files.get(i).getPath())).toArray();
    List<Footers.Damaged> damaged = new ArrayList<>();
    long total = 0;
    long bytes = 0;
    for (int i = 0; i < files.size(); i++) {
      bytes += files.get(i).getLen();
      if (rows[i] >= 0) {
        total += rows[i];
      } else {
        damaged.add(new Footers.Damaged(files.get(i).getPath(), partitions.get(i), error(fs, files.get(i).getPath())));
      }
    }
    return new TableResult(name, files.size(), total, bytes, damaged);
  }

  /** Rows read, or -1 when the file cannot be read whole. */
  private static long readAll(FileSystem fs, Path file) {
    try {
      return count(fs, file);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String error(FileSystem fs, Path file) {
    try {
      count(fs, file);
      return "unreadable";
    } catch (IOException | RuntimeException e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return Footers.describe(t);
    }
  }

  private static long count(FileSystem fs, Path file) throws IOException {
    long n = 0;
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(fs.getConf())
        .build()) {
      while (reader.read() != null) {
        n++;
      }
    }
    return n;
  }
}
