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
  public static Result of(FileSystem fs, Path root, java.util.function.Predicate<String> wanted) {
    List<TableResult> tables = new ArrayList<>();
    for (FileStatus t : Footers.tables(fs, root, wanted)) {
      tables.add(table(fs, t.getPath().getName(), t.getPath()));
    }
    tables.sort(Comparator.comparing(TableResult::name));
    return new Result(tables);
  }

  /** A file's rows, or the error that stopped reading it. */
  private record Read(long rows, String error) {}

  private static TableResult table(FileSystem fs, String name, Path table) {
    List<FileStatus> files = new ArrayList<>();
    List<String> partitions = new ArrayList<>();
    Footers.dataFiles(fs, table, files, partitions);
    List<Read> reads = IntStream.range(0, files.size()).parallel()
        .mapToObj(i -> readAll(fs, files.get(i).getPath())).toList();
    List<Footers.Damaged> damaged = new ArrayList<>();
    long total = 0;
    long bytes = 0;
    for (int i = 0; i < files.size(); i++) {
      bytes += files.get(i).getLen();
      Read r = reads.get(i);
      if (r.error() == null) {
        total += r.rows();
      } else {
        damaged.add(new Footers.Damaged(files.get(i).getPath(), partitions.get(i), r.error()));
      }
    }
    return new TableResult(name, files.size(), total, bytes, damaged);
  }

  /** Reads every record of the file once: its row count, or why it cannot be read whole. */
  private static Read readAll(FileSystem fs, Path file) {
    long n = 0;
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(fs.getConf())
        .build()) {
      while (reader.read() != null) {
        n++;
      }
      return new Read(n, null);
    } catch (IOException | RuntimeException e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return new Read(-1, Footers.describe(t));
    }
  }
}
