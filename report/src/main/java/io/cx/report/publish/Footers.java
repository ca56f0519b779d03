package io.cx.report.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import java.util.stream.IntStream;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads what a published table holds from its Parquet footers alone (row counts, sizes, schemas):
 * no Spark job, no data pages, so it takes milliseconds per file.
 */
public final class Footers {
  private Footers() {}

  /** One data file of a table: its partition folder name ({@code date=2026-03-01}), rows, bytes and columns. */
  public record FileFooter(Path path, String partition, long rows, long bytes, List<ParquetSchemas.Column> columns) {
    /** The value of its partition folder ({@code 2026-03-01}). */
    public String value() {
      return valueOf(partition);
    }
  }

  /** A data file whose footer (or, for {@code cx verify}, whose data) could not be read. */
  public record Damaged(Path path, String partition, String error) {}

  /** The value of a partition folder name: {@code 2026-03-01} of {@code date=2026-03-01}. */
  static String valueOf(String partitionFolder) {
    return partitionFolder.substring(partitionFolder.indexOf('=') + 1);
  }

  /** The readable files of a table, and the damaged ones. */
  public record Scan(List<FileFooter> files, List<Damaged> damaged) {}

  /**
   * A configuration for reading published files without Spark (footers, small tables, the
   * manifest): the local file system without its checksum layer, so no {@code .crc} is read.
   */
  public static Configuration readerConfiguration() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
    return conf;
  }

  /** The file system of the output root {@code root}; a root that does not exist is a usage error. */
  public static FileSystem existingOutput(Path root, Configuration conf) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root)) {
      throw new io.cx.ingest.InputException("output " + root + " does not exist");
    }
    return fs;
  }

  /** Every data file under the visible partition folders of {@code table}, sorted by path; fails on a damaged one. */
  public static List<FileFooter> ofTable(FileSystem fs, Path table) {
    Scan scan = scan(fs, table);
    if (!scan.damaged().isEmpty()) {
      Damaged d = scan.damaged().get(0);
      throw new DamagedFileException(d.path().toString(), d.error());
    }
    return scan.files();
  }

  /** Every data file's footer, a damaged file listed with its error instead of failing the scan. */
  public static Scan scan(FileSystem fs, Path table) {
    return scan(fs, partitions(fs, table));
  }

  /** {@link #scan(FileSystem, Path)} of some partition folders of a table. */
  static Scan scan(FileSystem fs, List<FileStatus> partitionFolders) {
    List<FileStatus> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    dataFiles(fs, partitionFolders, files, names);
    // Building the options reads the Hadoop configuration: once per table, not per file.
    ParquetReadOptions options = HadoopReadOptions.builder(fs.getConf()).build();
    List<Object> read = IntStream.range(0, files.size()).parallel()
        .mapToObj(i -> readOrDamaged(fs.getConf(), options, files.get(i), names.get(i))).toList();
    List<FileFooter> footers = new ArrayList<>();
    List<Damaged> damaged = new ArrayList<>();
    for (Object o : read) {
      if (o instanceof FileFooter f) {
        footers.add(f);
      } else {
        damaged.add((Damaged) o);
      }
    }
    footers.sort(Comparator.comparing(f -> f.path().toString()));
    damaged.sort(Comparator.comparing(d -> d.path().toString()));
    return new Scan(footers, damaged);
  }

  /** The data files of a table's visible partition folders, with the folder name of each. */
  static void dataFiles(FileSystem fs, Path table, List<FileStatus> files, List<String> partitionNames) {
    dataFiles(fs, partitions(fs, table), files, partitionNames);
  }

  private static void dataFiles(FileSystem fs, List<FileStatus> partitionFolders, List<FileStatus> files,
      List<String> partitionNames) {
    for (FileStatus partition : partitionFolders) {
      for (FileStatus f : list(fs, partition.getPath())) {
        if (f.isFile() && isDataFile(f.getPath())) {
          files.add(f);
          partitionNames.add(partition.getPath().getName());
        }
      }
    }
  }

  private static Object readOrDamaged(Configuration conf, ParquetReadOptions options, FileStatus file,
      String partition) {
    try {
      return read(conf, options, file, partition);
    } catch (UncheckedIOException e) {
      Throwable cause = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e;
      return new Damaged(file.getPath(), partition, describe(cause));
    }
  }

  static String describe(Throwable t) {
    String m = t.getMessage() == null ? "" : t.getMessage().strip();
    int nl = m.indexOf('\n');
    return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + (nl < 0 ? m : m.substring(0, nl)));
  }

  /** The table folders under an output root whose names pass {@code wanted}: visible folders, sorted by name. */
  public static List<FileStatus> tables(FileSystem fs, Path root, java.util.function.Predicate<String> wanted) {
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus s : list(fs, root)) {
      if (s.isDirectory() && isVisible(s.getPath().getName()) && wanted.test(s.getPath().getName())) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparing(s -> s.getPath().getName()));
    return out;
  }

  /**
   * The columns of one data file in the folder {@code partition}, from its footer; null when the
   * folder holds no readable data file (a damaged one is {@code cx verify}'s to report).
   */
  public static List<ParquetSchemas.Column> columnsOfOneFile(FileSystem fs, Path partition) {
    ParquetReadOptions options = HadoopReadOptions.builder(fs.getConf()).build();
    for (FileStatus f : list(fs, partition)) {
      if (f.isFile() && isDataFile(f.getPath())) {
        Object read = readOrDamaged(fs.getConf(), options, f, partition.getName());
        if (read instanceof FileFooter footer) {
          return footer.columns();
        }
      }
    }
    return null;
  }

  /** Partition folders a reader's glob sees: {@code name=value}, not hidden. */
  public static List<FileStatus> partitions(FileSystem fs, Path table) {
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus s : list(fs, table)) {
      String name = s.getPath().getName();
      if (s.isDirectory() && name.contains("=") && isVisible(name)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparing(s -> s.getPath().getName()));
    return out;
  }

  static FileFooter read(Configuration conf, ParquetReadOptions options, FileStatus file, String partition) {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf), options)) {
      ParquetMetadata footer = reader.getFooter();
      return new FileFooter(file.getPath(), partition, reader.getRecordCount(), file.getLen(),
          ParquetSchemas.columns(footer.getFileMetaData().getSchema()));
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(new IOException(
          "cannot read the Parquet footer of " + file.getPath() + ": " + e.getMessage(), e));
    }
  }

  /** Readers (Spark, Hive, DuckDB globs on *.parquet) skip names starting with _ or . */
  static boolean isVisible(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  private static boolean isDataFile(Path p) {
    return isVisible(p.getName()) && p.getName().endsWith(".parquet");
  }

  private static FileStatus[] list(FileSystem fs, Path dir) {
    try {
      return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
