package io.cx.report.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes tables under the output root so that readers never see a partial file or partition and
 * a killed run never leaves a mix of two runs.
 *
 * <ol>
 *   <li>Every table is written complete into {@code _staging/<run_id>/}, and every file's footer
 *       is checked against the table's contract (the schema of the Dataset that produced it).
 *   <li>A journal listing every partition folder to replace or remove is written by rename:
 *       the commit point. {@code _SUCCESS} is removed.
 *   <li>Partition by partition, the published folder moves to {@code _trash/<run_id>/} and the
 *       staged one takes its place (two renames: a reader sees the old folder, the new one, or
 *       for an instant none, but never half of one).
 *   <li>The manifest and {@code _SUCCESS} (holding the run id) are written; journal, trash and
 *       staging are deleted.
 * </ol>
 *
 * A run that finds a journal ({@link #recover}) finishes that publish first; staging left by a
 * run killed before its commit point is dropped. Folders starting with {@code _} are skipped by
 * Spark, Hive-style readers and the {@code <table>/*}{@code /*.parquet} glob.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  public static final String SUCCESS = "_SUCCESS";

  /**
   * How a table's rows are written: an aggregate by one task (no shuffle), detail rows spread by
   * partition (a shuffle), or rows that arrive spread, each partition value's rows in a Spark
   * partition of their own, as they are (no shuffle, no sort).
   */
  public enum Layout { AGGREGATE, DETAIL, SPREAD }

  /** Whether the restated partitions are compared with the published ones, or known to change. */
  public enum Restatement { COMPARE_WITH_PUBLISHED, KNOWN_TO_CHANGE }

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final String runId;
  private final Map<String, TableStats> written = new LinkedHashMap<>();
  private final Map<String, String> partitionColumns = new LinkedHashMap<>();
  /** The schema (partition column included) each staged table was written with. */
  private final Map<String, StructType> schemas = new LinkedHashMap<>();
  private final Set<String> unchanged = new java.util.HashSet<>();
  /** Tables staged in part: the partition values this run restates; the others stay as published. */
  private final Map<String, Set<String>> partial = new LinkedHashMap<>();
  /** Tables staged in part whose every restated partition is known to change: not compared. */
  private final Set<String> knownToDiffer = new java.util.HashSet<>();
  /** Per table, partition columns of an earlier layout whose folders a whole publish removes. */
  private final Map<String, Set<String>> formerColumns = new LinkedHashMap<>();

  private final RunScratch scratch;

  /** A publisher whose scratch space is the default's ({@code auto}). */
  public Publisher(SparkSession spark, String outputRoot, String runId) {
    this(spark, outputRoot, runId, ScratchSpace.of("auto", spark.sparkContext().isLocal()));
  }

  /** @param scratchSpace where the run keeps its {@link #scratch} results */
  public Publisher(SparkSession spark, String outputRoot, String runId, ScratchSpace scratchSpace) {
    this.spark = spark;
    this.root = new Path(outputRoot);
    this.runId = runId;
    this.scratch = new RunScratch(spark, scratchSpace, staged("_work"));
    try {
      this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * Writes one table, partitioned by {@code partitionColumn}, into staging, one file per partition
   * value, and verifies the files. A table without rows still gets one empty file (in the
   * {@code emptyPartition} folder) so that readers find its schema. An {@link Layout#AGGREGATE} table (an
   * aggregate) is written by one task, which saves a shuffle; a large one is spread over tasks by
   * partition value.
   */
  public TableStats stage(Dataset<Row> table, String name, String partitionColumn, String emptyPartition,
      Layout layout) {
    Path target = staged(name);
    TableFiles.write(table, target, partitionColumn, layout, "publish: write " + name);
    if (Footers.partitions(fs, target).isEmpty()) {
      TableFiles.writeEmpty(table, target, partitionColumn, emptyPartition);
    }
    TableStats stats = TableStats.verified(name, Footers.ofTable(fs, target),
        ParquetSchemas.expected(table.schema(), partitionColumn));
    written.put(name, stats);
    partitionColumns.put(name, partitionColumn);
    schemas.put(name, table.schema());
    return stats;
  }

  /**
   * Stages some partitions of a published table: {@code rows} are the complete new content of the
   * partition values in {@code values} (a value without rows is removed when publishing); every
   * other published partition stays as it is. With {@link Restatement#KNOWN_TO_CHANGE}, the caller knows each of those
   * partitions changes, and {@link #skipUnchanged} does not compare them. When the table would
   * hold no file after publishing (its only partitions restated to nothing), it keeps one empty
   * file in the {@code emptyPartition} folder, as {@link #stage} does, so readers find its schema.
   */
  public TableStats stagePartitions(Dataset<Row> rows, String name, String partitionColumn, Set<String> values,
      String emptyPartition, Layout layout, Restatement restatement) {
    Path target = staged(name);
    if (values.isEmpty()) {
      // Nothing to restate: the table stays as published, and is listed with what it holds.
      written.put(name, new TableStats(0, 0, 0, Map.of()));
      partitionColumns.put(name, partitionColumn);
      partial.put(name, Set.of());
      return written.get(name);
    }
    TableFiles.write(rows, target, partitionColumn, layout,
        "publish: write " + values.size() + " partitions of " + name);
    Set<String> restated = new TreeSet<>(values);
    if (Footers.partitions(fs, target).isEmpty() && keepsNoPartition(name, partitionColumn, values)) {
      TableFiles.writeEmpty(rows, target, partitionColumn, emptyPartition);
      restated.add(emptyPartition);
    }
    TableStats stats = TableStats.verified(name, fs(() -> fs.exists(target)) ? Footers.ofTable(fs, target) : List.of(),
        ParquetSchemas.expected(rows.schema(), partitionColumn));
    for (String v : stats.partitions().keySet()) {
      if (!restated.contains(v)) {
        throw new IllegalStateException("table " + name + ": rows for " + partitionColumn + "=" + v
            + " were staged, but only " + values + " are restated; nothing was published");
      }
    }
    written.put(name, stats);
    partitionColumns.put(name, partitionColumn);
    schemas.put(name, rows.schema());
    partial.put(name, Set.copyOf(restated));
    if (restatement == Restatement.KNOWN_TO_CHANGE) {
      knownToDiffer.add(name);
    }
    return stats;
  }

  /**
   * Declares that {@code name} was once partitioned by {@code column}: when the table is published
   * whole, its folders {@code column=...} (written by an earlier version of cx) are removed with
   * the others, so that the table never holds two layouts.
   */
  public void replacesLayout(String name, String column) {
    formerColumns.computeIfAbsent(name, k -> new TreeSet<>()).add(column);
  }

  /** The published table (every partition), read with {@code schema}. */
  public Dataset<Row> published(String name, StructType schema) {
    return TableFiles.read(spark, new Path(root, name), schema);
  }

  /** Whether the published table has no partition besides {@code restated}. */
  private boolean keepsNoPartition(String name, String partitionColumn, Set<String> restated) {
    return Footers.partitions(fs, new Path(root, name)).stream()
        .map(s -> s.getPath().getName().substring(partitionColumn.length() + 1)).allMatch(restated::contains);
  }

  /**
   * A table as it will read once this run has published: the staged rows, and for a table
   * staged in part, the published partitions it does not restate.
   */
  public Dataset<Row> current(String name, StructType schema) {
    Dataset<Row> staged = fs(() -> fs.exists(staged(name))) ? staged(name, schema)
        : spark.createDataFrame(java.util.List.of(), schema);
    Set<String> restated = partial.get(name);
    if (restated == null) {
      return staged;
    }
    Dataset<Row> kept = published(name, schema)
        .where(col(partitionColumns.get(name)).cast("string").isin(restated.toArray()).unary_$bang());
    return kept.unionByName(staged);
  }

  /**
   * Computes an intermediate result of this run once and keeps it (see {@link RunScratch}), so
   * that the plans built on it stay small. Never published.
   */
  public Dataset<Row> scratch(String name, Dataset<Row> df) {
    return scratch.keep(name, df);
  }

  /**
   * Frees the scratch results this run holds in block storage (its files go with staging). A run
   * calls it when it ends, however it ends: the session may go on to run other dates.
   */
  public void releaseScratch() {
    scratch.release();
  }

  /**
   * Reads back a table this run staged, with the schema it was written with. Later stages read
   * the staged files instead of recomputing or caching the plan that wrote them: the plans stay
   * small, and the KPIs are computed from exactly the rows that get published.
   */
  public Dataset<Row> staged(String name, StructType schema) {
    return TableFiles.read(spark, staged(name), schema);
  }

  /**
   * For a run that restates only what changed: compares each staged partition with the published
   * one by {@link Fingerprints fingerprint} and leaves the identical ones alone when publishing.
   * Returns, per table, the partition values the publish adds, replaces or removes.
   */
  public Map<String, List<String>> skipUnchanged() {
    return skipUnchanged(true);
  }

  /**
   * For a full refresh: the partition values the publish adds, replaces or removes, every
   * published partition counted as changed. No published partition is read: the output may be
   * damaged, and a full refresh must rebuild it.
   */
  public Map<String, List<String>> restatedWithoutComparing() {
    return skipUnchanged(false);
  }

  private Map<String, List<String>> skipUnchanged(boolean compare) {
    Map<String, List<String>> restated = new TreeMap<>();
    for (String name : written.keySet()) {
      Path live = new Path(root, name);
      String column = partitionColumns.get(name);
      Set<String> only = partial.get(name);
      // A table staged without any partition (all its restated partitions are now empty) has nothing to compare.
      boolean comparable = compare && !knownToDiffer.contains(name) && !written.get(name).partitions().isEmpty();
      Set<String> same = comparable
          ? io.cx.spark.JobDescription.during(spark, "publish: compare " + name + " with the published partitions",
              () -> Fingerprints.unchanged(spark, fs, staged(name), live, column, only,
                  written.get(name).partitions(), schemas.get(name)))
          : Set.of();
      TreeSet<String> values = new TreeSet<>(written.get(name).partitions().keySet());
      if (only != null) {
        // A restated value with no rows left is removed, if it is published.
        only.stream().filter(v -> fs(() -> fs.exists(new Path(live, column + "=" + v)))).forEach(values::add);
      } else {
        Footers.partitions(fs, live).forEach(s -> values.add(s.getPath().getName().substring(column.length() + 1)));
      }
      values.removeAll(same);
      same.forEach(v -> unchanged.add(name + "/" + column + "=" + v));
      restated.put(name, List.copyOf(values));
    }
    return restated;
  }

  /**
   * Publishes every staged table, replacing each published table whole: its partitions that this
   * run did not write are removed; partitions found identical by {@link #skipUnchanged} stay. {@code manifestJson} is what {@link #recover} writes if this
   * process dies before {@link #complete}.
   */
  public void publishAll(String manifestJson) {
    publishAllWith(manifestJson, OutputFiles::rename);
  }

  void publishAllWith(String manifestJson, PublishMoves.Mover mover) {
    List<PublishJournal.Move> moves = new ArrayList<>();
    for (String name : written.keySet()) {
      String column = partitionColumns.get(name);
      TreeSet<String> folders = new TreeSet<>();
      written.get(name).partitions().keySet().forEach(v -> folders.add(column + "=" + v));
      if (partial.containsKey(name)) {
        partial.get(name).forEach(v -> folders.add(column + "=" + v));
      } else {
        // Only the table's own partition folders: a folder named otherwise is not cx's to remove.
        Set<String> columns = new TreeSet<>(formerColumns.getOrDefault(name, Set.of()));
        columns.add(column);
        Footers.partitions(fs, new Path(root, name)).stream().map(s -> s.getPath().getName())
            .filter(f -> columns.stream().anyMatch(c -> f.startsWith(c + "="))).forEach(folders::add);
      }
      for (String folder : folders) {
        if (unchanged.contains(name + "/" + folder)) {
          continue;
        }
        run(() -> OutputFiles.refuseForeignFiles(fs, new Path(new Path(root, name), folder)));
        moves.add(new PublishJournal.Move(name, folder, fs(() -> fs.exists(new Path(staged(name), folder)))));
      }
    }
    PublishJournal journal = new PublishJournal(runId, moves, manifestJson);
    run(() -> {
      journal.write(fs, root);
      fs.delete(new Path(root, SUCCESS), false);
      PublishMoves.applyMoves(fs, root, journal, mover);
    });
  }

  /** Writes the final manifest and the success marker, then removes the journal, trash and staging. */
  public void complete(String manifestJson) {
    run(() -> PublishMoves.finish(fs, root, runId, manifestJson));
  }

  /**
   * Finishes any publish a killed run left half done and drops staging of runs killed before
   * their commit point (see {@link PublishMoves#recover}). Call before a run writes anything.
   */
  public static List<String> recover(FileSystem fs, Path root) {
    return PublishMoves.recover(fs, root);
  }

  /**
   * Keeps one staged table of a run that must not publish (the rejected rows of a run that failed
   * the data-quality gate, for diagnosis) under {@code _failed/<run_id>/}; drops the rest.
   */
  public Path quarantine(String name) {
    Path kept = new Path(root, "_failed/" + runId + "/" + name);
    run(() -> {
      fs.mkdirs(kept.getParent());
      OutputFiles.rename(fs, staged(name), kept);
    });
    abandon();
    return kept;
  }

  /** Drops whatever this run staged (after a failure). */
  public void abandon() {
    run(() -> {
      fs.delete(new Path(root, "_staging/" + runId), true);
      OutputFiles.deleteIfEmpty(fs, new Path(root, "_staging"));
    });
  }

  public Map<String, TableStats> written() {
    return written;
  }

  /**
   * Every staged table as it will be once published: for a table staged in part, its staged
   * partitions plus the published partitions it keeps (from their footers).
   */
  public Map<String, TableStats> tablesAfterPublish() {
    Map<String, TableStats> out = new LinkedHashMap<>();
    written.forEach((name, stats) -> {
      Set<String> restated = partial.get(name);
      if (restated == null) {
        out.put(name, stats);
        return;
      }
      out.put(name, stats.withKept(Footers.ofTable(fs, new Path(root, name)), restated));
    });
    return out;
  }

  private Path staged(String name) {
    return new Path(root, "_staging/" + runId + "/" + name);
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private interface IoCheck {
    boolean get() throws IOException;
  }

  private void run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException("publishing under " + root + " failed: " + e.getMessage(), e);
    }
  }

  private boolean fs(IoCheck check) {
    try {
      return check.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
