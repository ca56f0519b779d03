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
    Map<String, Print> a = prints(next, partitionColumn);
    Map<String, Print> b = prints(now, partitionColumn);
    Set<String> same = new HashSet<>();
    a.forEach((k, v) -> {
      if (v.equals(b.get(k))) {
        same.add(k);
      }
    });
    return same;
  }

  static Map<String, Print> prints(Dataset<Row> table, String partitionColumn) {
    Column[] cols = Arrays.stream(table.columns()).filter(c -> !c.equals(partitionColumn))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new);
    List<Row> rows = table.groupBy(col(partitionColumn).cast("string"))
        .agg(count(lit(1)), sum(xxhash64(cols).cast("decimal(38,0)"))).collectAsList();
    Map<String, Print> out = new HashMap<>();
    for (Row r : rows) {
      out.put(r.getString(0), new Print(r.getLong(1), r.getDecimal(2)));
    }
    return out;
  }
}
