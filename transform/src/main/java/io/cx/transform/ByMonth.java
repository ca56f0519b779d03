package io.cx.transform;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows of a monthly partitioned table laid out for writing without a shuffle: each month's rows in
 * one Spark partition of their own. An internal table derived from the events (their ids, the
 * sparse events) is one file per month; spreading its rows by month through a shuffle, then
 * sorting each month's rows for the writer, cost more than computing them. Filtering the events
 * by month instead reads only that month's date partitions, so one task per month reads its
 * month and writes its file.
 *
 * <p>The price is parallelism: a month is read by one task. That suits the few months of
 * internal tables on a machine with a few cores; the months are independent, so a run with
 * more months than cores still keeps every core busy.
 */
public final class ByMonth {
  private ByMonth() {}

  /**
   * What a plan that writes {@link #spread} rows is made with. Each month's rows are one partition
   * of a union; since Spark 4.1 a union whose inputs share a partitioning (one partition each,
   * here) reports it as its own and merges them into one partition, which would put every month
   * in one task. And Spark sorts each task's rows by the partition column before writing them
   * unless it may keep a file open per value; with one value per task, one open file will do.
   * (More values in a task than that makes Spark sort the rest, as it would without the setting.)
   */
  public static final java.util.Map<String, String> WRITE_SETTINGS = java.util.Map.of(
      "spark.sql.unionOutputPartitioning", "false",
      "spark.sql.maxConcurrentOutputFileWriters", "2");

  /**
   * The months ({@code YYYY-MM}) of the rows' dates, in order: for a table partitioned by date,
   * from its partition values (no data column is read).
   */
  public static List<String> months(Dataset<Row> rows, String dateColumn) {
    return rows.select(Columns.monthOf(col(dateColumn)).as("_month")).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
  }

  /**
   * {@code rows} with each of {@code months}' rows (by {@code monthColumn}) in one Spark
   * partition, in the order of {@code months}, when planned with {@link #WRITE_SETTINGS}. A filter
   * on the month of a date partition column prunes the partitions, so {@code rows} should derive
   * from a table partitioned by date without a shuffle: each month evaluates them once. Rows of
   * other months are left out; without months, no rows.
   */
  public static Dataset<Row> spread(Dataset<Row> rows, String monthColumn, List<String> months) {
    Dataset<Row> out = null;
    for (String m : months) {
      Dataset<Row> one = rows.where(col(monthColumn).equalTo(m)).coalesce(1);
      out = out == null ? one : out.union(one);
    }
    return out == null ? rows.limit(0) : out;
  }
}
