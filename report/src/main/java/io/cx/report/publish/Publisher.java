package io.cx.report.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes tables under the output root. Every table is first written complete into
 * {@code _staging/<run_id>/}; only when all of a run's tables are written are they moved into place,
 * so a failed run leaves the previously published tables as they were. Folders starting with
 * {@code _} are skipped by Spark, Hive-style readers and the {@code <table>/*}{@code /*.parquet} glob.
 */
public final class Publisher {
  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final Path staging;
  private final Path trash;
  private final Map<String, TableStats> written = new LinkedHashMap<>();

  public Publisher(SparkSession spark, String outputRoot, String runId) {
    this.spark = spark;
    this.root = new Path(outputRoot);
    try {
      this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.staging = new Path(root, "_staging/" + runId);
    this.trash = new Path(root, "_trash/" + runId);
  }

  public Path root() {
    return root;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * Writes one table, partitioned by {@code partitionColumn}, into staging, one file per partition
   * value. A table without rows still gets one empty file (in the {@code emptyPartition} folder)
   * so that readers find its schema. A {@code small} table (an aggregate) is written by one task,
   * which saves a shuffle; a large one is spread over tasks by partition value.
   */
  public TableStats stage(Dataset<Row> table, String name, String partitionColumn, String emptyPartition,
      boolean small) {
    Path target = new Path(staging, name);
    spark.sparkContext().setJobDescription("publish: write " + name);
    (small ? table.coalesce(1) : table.repartition(col(partitionColumn))).write().mode(SaveMode.ErrorIfExists)
        .partitionBy(partitionColumn).parquet(target.toString());
    if (partitionFolders(target).length == 0) {
      table.drop(partitionColumn).limit(0).coalesce(1).write().mode(SaveMode.ErrorIfExists)
          .parquet(new Path(target, partitionColumn + "=" + emptyPartition).toString());
    }
    TableStats stats = stats(target, partitionColumn);
    spark.sparkContext().setJobDescription(null);
    written.put(name, stats);
    return stats;
  }

  /**
   * Reads back a table this run staged, with the schema it was written with. Later stages read
   * the staged files instead of recomputing or caching the plan that wrote them: the plans stay
   * small, and the KPIs are computed from exactly the rows that get published.
   */
  public Dataset<Row> staged(String name, org.apache.spark.sql.types.StructType schema) {
    return spark.read().schema(schema).parquet(new Path(staging, name).toString());
  }

  /** Moves every staged table into place, replacing the published one, and clears staging. */
  public void publishAll() {
    try {
      for (String name : written.keySet()) {
        Path live = new Path(root, name);
        Path old = new Path(trash, name);
        if (fs.exists(live)) {
          fs.mkdirs(trash);
          rename(live, old);
        }
        rename(new Path(staging, name), live);
      }
      fs.delete(trash, true);
      fs.delete(staging, true);
      deleteIfEmpty(staging.getParent());
      deleteIfEmpty(trash.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("publishing under " + root + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Keeps one staged table of a run that must not publish (the rejected rows of a run that failed
   * the data-quality gate, for diagnosis) under {@code _failed/<run_id>/}; drops the rest.
   */
  public Path quarantine(String name) {
    try {
      Path kept = new Path(root, "_failed/" + staging.getName() + "/" + name);
      fs.mkdirs(kept.getParent());
      rename(new Path(staging, name), kept);
      abandon();
      return kept;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops whatever this run staged (after a failure). */
  public void abandon() {
    try {
      fs.delete(staging, true);
      deleteIfEmpty(staging.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, TableStats> written() {
    return written;
  }

  private TableStats stats(Path table, String partitionColumn) {
    Map<String, Long> partitions = new TreeMap<>();
    long rows = 0;
    for (Row r : spark.read().parquet(table.toString()).groupBy(partitionColumn).count().collectAsList()) {
      partitions.put(String.valueOf(r.get(0)), r.getLong(1));
      rows += r.getLong(1);
    }
    long files = 0;
    for (FileStatus p : partitionFolders(table)) {
      try {
        for (FileStatus f : fs.listStatus(p.getPath())) {
          if (f.getPath().getName().endsWith(".parquet")) {
            files++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new TableStats(rows, files, partitions);
  }

  private FileStatus[] partitionFolders(Path table) {
    try {
      return fs.listStatus(table, p -> p.getName().contains("=") && !p.getName().startsWith("_"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not move " + from + " to " + to);
    }
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

}
