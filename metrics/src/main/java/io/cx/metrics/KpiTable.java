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
 * computed from the detail tables, and which of its partitions a run by date restates. A full run
 * computes it for {@link Dates#ALL}; a run by date for the dates {@link #restates} names, or whole
 * when that is {@link Dates#ALL} (the publisher then keeps the partitions whose rows are unchanged).
 *
 * @param grain one row per ..., as the data dictionary states it
 * @param horizon how far back a run by date can change its partitions
 * @param headlines the scorecard KPIs read from this table's rows
 */
public record KpiTable(String name, String grain, String partitionColumn, Horizon horizon, Compute compute,
    Restates restates, java.util.List<Headline> headlines) {

  /** The rows of the table for some dates (every date: {@link Dates#ALL}). */
  @FunctionalInterface
  public interface Compute {
    Dataset<Row> rows(DetailTables tables, Dates dates, TransformSettings settings);
  }

  /** The dates whose rows a change of the detail tables can change. */
  @FunctionalInterface
  public interface Restates {
    Dates dates(DetailChanges changes, DetailTables current);
  }

  /** A table partitioned by {@code date}. */
  static KpiTable daily(String name, String grain, Horizon horizon, Compute compute, Restates restates,
      Headline... headlines) {
    return new KpiTable(name, grain, KpiTables.DATE, horizon, compute, restates, java.util.List.of(headlines));
  }

  public Dataset<Row> compute(DetailTables tables, Dates dates, TransformSettings settings) {
    return compute.rows(tables, dates, settings);
  }
}
