package io.cx.metrics;

import io.cx.transform.Dates;
import io.cx.transform.DetailTables;
import io.cx.transform.DetailChanges;
import io.cx.transform.Horizon;
import io.cx.transform.TransformSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One published KPI table, declared once: its name, grain and partition column, how it is
 * computed from the detail tables, and which of its dates a run by date restates. A full run
 * computes it for {@link Dates#ALL}; a run by date for the dates {@link #restates} names, or whole
 * when that is {@link Dates#ALL} (the publisher then keeps the partitions whose rows are unchanged).
 *
 * <p>Every KPI table is partitioned by {@link KpiTables#MONTH}. A table with a {@code dateColumn}
 * has rows per date, and its month is the month of that date ({@link #compute} adds it); a run by
 * date rewrites the month of each date it restates, from the new rows of those dates and the
 * published rows of the month's other dates.
 *
 * @param grain one row per ..., as the data dictionary states it
 * @param dateColumn the column holding a row's date, restated date by date; empty for a table
 *     whose rows have no date (they are recomputed whole)
 * @param horizon how far back a run by date can change its partitions
 * @param headlines the scorecard KPIs read from this table's rows
 */
public record KpiTable(String name, String grain, String partitionColumn, java.util.Optional<String> dateColumn,
    Horizon horizon, Compute compute, Restates restates, java.util.List<Headline> headlines) {

  /** The rows of the table for some dates (every date: {@link Dates#ALL}). */
  @FunctionalInterface
  public interface Compute {
    Dataset<Row> rows(DetailTables tables, Dates dates, TransformSettings settings);
  }

  /**
   * The dates whose rows a change of the detail tables can change. {@code current} holds the rows
   * dated from the table's first open date on ({@link DetailTables#datedFrom}): a row read there
   * names its own date, or a later one.
   */
  @FunctionalInterface
  public interface Restates {
    Dates dates(DetailChanges changes, DetailTables current, TransformSettings settings);
  }

  /** A table with rows per {@code date}, partitioned by its month. */
  static KpiTable daily(String name, String grain, Horizon horizon, Compute compute, Restates restates,
      Headline... headlines) {
    return new KpiTable(name, grain, KpiTables.MONTH, java.util.Optional.of(KpiTables.DATE), horizon, compute,
        restates, java.util.List.of(headlines));
  }

  /** How it lies on disk: one file per partition, its rows dated by its date column if it has one. */
  public io.cx.transform.TableLayout layout() {
    return io.cx.transform.TableLayout.aggregate(partitionColumn, dateColumn);
  }

  /** The table's rows for some dates, with the {@link KpiTables#MONTH} of their date when they have one. */
  public Dataset<Row> compute(DetailTables tables, Dates dates, TransformSettings settings) {
    Dataset<Row> rows = compute.rows(tables, dates, settings);
    return dateColumn.map(d -> rows.withColumn(KpiTables.MONTH, KpiTables.monthOf(rows.col(d)))).orElse(rows);
  }
}
