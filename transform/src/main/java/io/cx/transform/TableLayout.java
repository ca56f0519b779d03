package io.cx.transform;

import java.util.Optional;

/**
 * How a published table lies on disk, as its declaration states it: the column it is partitioned
 * by; for a table whose rows carry a date in coarser partitions (a month), that date column, so a
 * run by date can restate some dates of a partition; and whether it is an aggregate (few rows,
 * one file per partition, compared with what is published before it is rewritten) or a detail
 * table (many rows, spread over files by date, rewritten where its rows are known to change).
 *
 * @param partitionColumn the Hive-style partition column
 * @param dateColumn the column holding a row's date when partitions hold several dates
 * @param aggregate whether it is an aggregate rather than a detail table
 * @param spread whether its rows, handed over whole, arrive with each partition value's rows in a
 *     Spark partition of their own ({@link ByMonth#spread}), to be written as they are
 */
public record TableLayout(String partitionColumn, Optional<String> dateColumn, boolean aggregate, boolean spread) {

  /** A detail table: one partition per value of {@code partitionColumn}, spread over files. */
  public static TableLayout detail(String partitionColumn) {
    return new TableLayout(partitionColumn, Optional.empty(), false, false);
  }

  /**
   * A detail table in coarser partitions (months) whose rows carry their date in {@code dateColumn}:
   * written spread by partition value (one file per partition, each written by its own task), and
   * restated date by date like an aggregate, its partitions compared with what is published.
   */
  public static TableLayout dated(String partitionColumn, String dateColumn) {
    return new TableLayout(partitionColumn, Optional.of(dateColumn), false, false);
  }

  /**
   * {@link #dated}, for a table whose whole rows are handed over {@link ByMonth#spread} by month
   * ({@code partitionColumn}): written without a shuffle, one task and one file per month.
   */
  public static TableLayout datedSpread(String partitionColumn, String dateColumn) {
    return new TableLayout(partitionColumn, Optional.of(dateColumn), false, true);
  }

  /** An aggregate table: one file per partition, its rows dated by {@code dateColumn} if given. */
  public static TableLayout aggregate(String partitionColumn, Optional<String> dateColumn) {
    return new TableLayout(partitionColumn, dateColumn, true, false);
  }
}
