package io.cx.report.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Per partition, a fingerprint of its rows (count, and the sum of a 64-bit hash of every row, as
 * a decimal so it cannot overflow): equal fingerprints mean the same multiset of rows, up to a
 * hash collision. Lets a run by date replace only the partitions whose content changed.
 *
 * <p>A run by date compares twenty tables or so, most of them a few hundred rows, where each Spark
 * job's fixed cost is most of the time. So both sides are read with the staged table's schema (no
 * job to infer it), only the partition folders both hold are read (found from the footers, in
 * the driver), and the rows of a small comparison are hashed in one job and summed in the driver
 * (a large one is summed by Spark, one shuffle).
 */
final class Fingerprints {
  private Fingerprints() {}

  // The side a row comes from in prints: the staged table or the published one.
  private static final int STAGED = 0;
  private static final int LIVE = 1;
  // The columns prints aggregates: the side, the partition value, the hash of the row.
  private static final String SIDE = "_side";
  private static final String PARTITION = "_partition";
  private static final String HASH = "_hash";

  /** Up to how many rows (both sides) the hashes are summed in the driver rather than by a shuffle. */
  static final long DRIVER_ROWS = 100_000;

  record Print(long rows, BigDecimal hashSum) {
    Print plus(Print other) {
      return new Print(rows + other.rows, hashSum.add(other.hashSum));
    }
  }

  /**
   * Partition values whose rows are the same in the staged table and the published one, among the
   * published values in {@code only} (all when null). {@code stagedRows} are the staged table's
   * rows by partition value, as verified when it was staged, and {@code schema} its schema (with
   * its partition column): a published partition whose files have other columns differs.
   */
  static Set<String> unchanged(SparkSession spark, FileSystem fs, Path staged, Path live, String partitionColumn,
      Set<String> only, Map<String, Long> stagedRows, StructType schema) {
    Map<String, FileStatus> liveFolders = folders(fs, live, partitionColumn, only);
    liveFolders.keySet().retainAll(stagedRows.keySet());
    if (liveFolders.isEmpty()) {
      return Set.of();
    }
    List<ParquetSchemas.Column> expected = ParquetSchemas.expected(schema, partitionColumn);
    Footers.Scan liveFiles = Footers.scan(fs, new ArrayList<>(liveFolders.values()));
    // A published partition with a damaged file or other columns is rewritten, not read.
    liveFiles.damaged().forEach(d -> liveFolders.remove(Footers.valueOf(d.partition())));
    liveFiles.files().stream().filter(f -> ParquetSchemas.mismatch(expected, f.columns()) != null)
        .forEach(f -> liveFolders.remove(f.value()));
    if (liveFolders.isEmpty()) {
      return Set.of();
    }
    long rows = liveFiles.files().stream().filter(f -> liveFolders.containsKey(f.value()))
        .mapToLong(Footers.FileFooter::rows).sum()
        + liveFolders.keySet().stream().mapToLong(stagedRows::get).sum();
    List<Path> stagedFolders = liveFolders.keySet().stream()
        .map(v -> new Path(staged, partitionColumn + "=" + v)).toList();
    Dataset<Row> next = TableFiles.readFolders(spark, staged, stagedFolders, schema);
    Dataset<Row> now = TableFiles.readFolders(spark, live,
        liveFolders.values().stream().map(FileStatus::getPath).toList(), schema);
    Map<Integer, Map<String, Print>> sides = rows <= DRIVER_ROWS
        ? summedInDriver(next, now, partitionColumn) : prints(next, now, partitionColumn);
    Map<String, Print> b = sides.getOrDefault(LIVE, Map.of());
    Set<String> same = new HashSet<>();
    sides.getOrDefault(STAGED, Map.of()).forEach((k, v) -> {
      if (v.equals(b.get(k))) {
        same.add(k);
      }
    });
    return same;
  }

  /**
   * The prints of both tables' partitions, by side ({@link #STAGED}, {@link #LIVE}): one
   * aggregation over the two tables side by side, one scan stage and one result stage.
   */
  static Map<Integer, Map<String, Print>> prints(Dataset<Row> staged, Dataset<Row> live, String partitionColumn) {
    List<Row> rows = sides(staged, live, partitionColumn)
        .groupBy(col(SIDE), col(PARTITION))
        .agg(count(lit(1)), sum(col(HASH).cast("decimal(38,0)"))).collectAsList();
    Map<Integer, Map<String, Print>> out = new HashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getInt(0), k -> new HashMap<>()).put(r.getString(1), new Print(r.getLong(2), r.getDecimal(3)));
    }
    return out;
  }

  /** {@link #prints}, with the rows' hashes collected (one scan stage) and summed here. */
  static Map<Integer, Map<String, Print>> summedInDriver(Dataset<Row> staged, Dataset<Row> live,
      String partitionColumn) {
    Map<Integer, Map<String, Print>> out = new HashMap<>();
    for (Row r : sides(staged, live, partitionColumn).collectAsList()) {
      out.computeIfAbsent(r.getInt(0), k -> new HashMap<>()).merge(r.getString(1),
          new Print(1, BigDecimal.valueOf(r.getLong(2))), Print::plus);
    }
    return out;
  }

  private static Dataset<Row> sides(Dataset<Row> staged, Dataset<Row> live, String partitionColumn) {
    return side(staged, STAGED, partitionColumn).unionByName(side(live, LIVE, partitionColumn));
  }

  /** Each row of {@code table} as its side, its partition value and the hash of its other columns. */
  private static Dataset<Row> side(Dataset<Row> table, int side, String partitionColumn) {
    Column[] cols = Arrays.stream(table.columns()).filter(c -> !c.equals(partitionColumn))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new);
    return table.select(lit(side).as(SIDE), col(partitionColumn).cast("string").as(PARTITION),
        xxhash64(cols).as(HASH));
  }

  /** A table's partition folders by value, those in {@code only} (all when null). */
  private static Map<String, FileStatus> folders(FileSystem fs, Path table, String partitionColumn,
      Set<String> only) {
    Map<String, FileStatus> out = new TreeMap<>();
    String prefix = partitionColumn + "=";
    for (FileStatus f : Footers.partitions(fs, table)) {
      String name = f.getPath().getName();
      if (name.startsWith(prefix) && (only == null || only.contains(name.substring(prefix.length())))) {
        out.put(name.substring(prefix.length()), f);
      }
    }
    return out;
  }
}
