package io.cx.transform;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a run puts each table it builds: a run writes it into staging and hands back the table as
 * it will read once published (later tables read those rows, so their plans stay small and they
 * see exactly what is published); a test hands back the rows themselves.
 */
@FunctionalInterface
public interface Stage {
  /**
   * Stages {@code rows}: the complete new content of the partitions {@code dates}, or the whole
   * table for {@link Dates#ALL}. Returns the whole table as it will be published.
   */
  Dataset<Row> apply(String table, Dataset<Row> rows, Dates dates);

  /** Stages a whole table. */
  default Dataset<Row> whole(String table, Dataset<Row> rows) {
    return apply(table, rows, Dates.ALL);
  }

  /**
   * Stages a whole table whose computation does work of its own before its rows can be handed
   * over (it checkpoints or collects something): that work belongs to the table's step, so a run
   * counts it in the table's time and names the table if it fails.
   */
  default Dataset<Row> whole(String table, Supplier<Dataset<Row>> compute) {
    return apply(table, compute, Dates.ALL);
  }

  /** {@link #whole(String, Supplier)} for the partitions {@code dates}, as {@link #apply(String, Dataset, Dates)}. */
  default Dataset<Row> apply(String table, Supplier<Dataset<Row>> compute, Dates dates) {
    return apply(table, compute.get(), dates);
  }

  /**
   * Stages the partitions {@code dates} gives, with the rows {@code compute} gives for them: finding
   * the dates (a KPI table looks up which of its dates a change reaches) belongs to the table's
   * step as well.
   */
  default Dataset<Row> apply(String table, Supplier<Dates> dates, java.util.function.Function<Dates, Dataset<Row>> compute) {
    Dates d = dates.get();
    return apply(table, () -> compute.apply(d), d);
  }

  /**
   * The first date whose partition of {@code table} this run may rewrite: empty when it may
   * rewrite any (not a run by date, or a table without a horizon).
   */
  default java.util.Optional<java.time.LocalDate> firstOpen(String table) {
    return java.util.Optional.empty();
  }

  /**
   * The dates of {@code dates} whose partitions of {@code table} this run may rewrite: all of
   * them, unless the run is one by date and some are older than the table's horizon (final).
   */
  default Dates open(String table, Dates dates) {
    return dates;
  }

  /**
   * For a run by date, {@code table} as published before this run, read with {@code schema} (the
   * columns it needs): where a table compares its open rows with its final ones, it reads those
   * from here. Empty for any other run.
   */
  default java.util.Optional<Dataset<Row>> published(String table, org.apache.spark.sql.types.StructType schema) {
    return java.util.Optional.empty();
  }

  /** Hands back each table's rows as they are (for tests, and plans that are not written). */
  static Stage inMemory() {
    return (table, rows, dates) -> rows;
  }
}
