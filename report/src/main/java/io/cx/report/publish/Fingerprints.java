package io.cx.report.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Per partition, a fingerprint of its rows (count, and the sum of a 64-bit hash of every row, as
 * a decimal so it cannot overflow): equal fingerprints mean the same multiset of rows, up to a
 * hash collision. Lets a run by date replace only the partitions whose content changed.
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

  record Print(long rows, java.math.BigDecimal hashSum) {}

  /** Partition values whose rows are the same in both tables (same columns in the same order). */
  static Set<String> unchanged(SparkSession spark, String staged, String live, String partitionColumn) {
    return unchanged(spark, staged, live, partitionColumn, null);
  }

  /** The same, comparing only the partition values in {@code only} (all when null). */
  static Set<String> unchanged(SparkSession spark, String staged, String live, String partitionColumn,
      Set<String> only) {
    Dataset<Row> next = TableFiles.read(spark, new org.apache.hadoop.fs.Path(staged));
    Dataset<Row> now = TableFiles.read(spark, new org.apache.hadoop.fs.Path(live));
    if (only != null) {
      now = now.where(col(partitionColumn).cast("string").isin(only.toArray()));
    }
    if (!Arrays.equals(next.columns(), now.columns()) || !next.schema().equals(now.schema())) {
      return Set.of();
    }
    Map<Integer, Map<String, Print>> sides = prints(next, now, partitionColumn);
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
   * aggregation over the two tables side by side, so a comparison costs one scan stage and one
   * result stage rather than two of each (a run by date compares twenty tables or so, most of
   * them a few hundred rows, where each Spark job's fixed cost is most of the time).
   */
  static Map<Integer, Map<String, Print>> prints(Dataset<Row> staged, Dataset<Row> live, String partitionColumn) {
    List<Row> rows = side(staged, STAGED, partitionColumn).unionByName(side(live, LIVE, partitionColumn))
        .groupBy(col(SIDE), col(PARTITION))
        .agg(count(lit(1)), sum(col(HASH).cast("decimal(38,0)"))).collectAsList();
    Map<Integer, Map<String, Print>> out = new HashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.getInt(0), k -> new HashMap<>()).put(r.getString(1), new Print(r.getLong(2), r.getDecimal(3)));
    }
    return out;
  }

  /** Each row of {@code table} as its side, its partition value and the hash of its other columns. */
  private static Dataset<Row> side(Dataset<Row> table, int side, String partitionColumn) {
    Column[] cols = Arrays.stream(table.columns()).filter(c -> !c.equals(partitionColumn))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new);
    return table.select(lit(side).as(SIDE), col(partitionColumn).cast("string").as(PARTITION),
        xxhash64(cols).as(HASH));
  }
}
