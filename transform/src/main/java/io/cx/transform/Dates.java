package io.cx.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The dates a KPI table is computed for: every date (a full run, or a table recomputed whole), or
 * the partitions a run by date restates.
 *
 * @param only the dates as {@code YYYY-MM-DD}, or null for every date
 */
public record Dates(Set<String> only) {
  public static final Dates ALL = new Dates(null);

  public Dates {
    only = only == null ? null : Set.copyOf(only);
  }

  public static Dates of(Set<String> dates) {
    return new Dates(dates);
  }

  /** Every date from {@code first} to {@code last}, both included. */
  public static Dates between(java.time.LocalDate first, java.time.LocalDate last) {
    Set<String> out = new TreeSet<>();
    for (java.time.LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      out.add(d.toString());
    }
    return new Dates(out);
  }

  public boolean all() {
    return only == null;
  }

  /** The earliest of these dates: empty for every date, or for none. */
  public java.util.Optional<java.time.LocalDate> first() {
    return all() ? java.util.Optional.empty() : only.stream().min(String::compareTo).map(java.time.LocalDate::parse);
  }

  /** The rows of {@code table} whose {@code dateColumn} is one of these dates (all rows for every date). */
  public Dataset<Row> on(Dataset<Row> table, String dateColumn) {
    return all() ? table : table.where(on(col(dateColumn)));
  }

  /** Whether a date column holds one of these dates (always true for every date). */
  public org.apache.spark.sql.Column on(org.apache.spark.sql.Column date) {
    return all() ? org.apache.spark.sql.functions.lit(true)
        : date.isin(only.stream().map(java.sql.Date::valueOf).toArray());
  }

  /** Sets of dates joined into one. */
  @SafeVarargs
  public static Set<String> union(Set<String>... sets) {
    TreeSet<String> out = new TreeSet<>();
    for (Set<String> s : sets) {
      out.addAll(s);
    }
    return out;
  }

  private static final String KEY = "_changed_key";

  /**
   * The dates of rows whose {@code keyColumn} is one of {@code keys}. The keys (tens of thousands
   * of journey ids at 10 M events) are broadcast as a table: as an {@code isin} list they made a
   * 2 MB plan and a Parquet filter that took seconds to scan the sessions.
   */
  public static Set<String> ofKeys(Dataset<Row> table, String keyColumn, Set<String> keys, String dateColumn) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    Dataset<Row> keyed = table.sparkSession().createDataset(List.copyOf(keys), Encoders.STRING()).toDF(KEY);
    return collect(table.join(broadcast(keyed), col(keyColumn).equalTo(col(KEY)), "left_semi")
        .select(col(dateColumn).cast("string")).distinct());
  }

  /** The non-null values of a one-column Dataset of strings, sorted (dates as {@code YYYY-MM-DD} sort by time). */
  public static Set<String> collect(Dataset<Row> oneColumn) {
    TreeSet<String> out = new TreeSet<>();
    for (Row r : oneColumn.collectAsList()) {
      if (!r.isNullAt(0)) {
        out.add(r.getString(0));
      }
    }
    return out;
  }
}
