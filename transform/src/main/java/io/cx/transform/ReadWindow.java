package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The dates a run by date reads and re-derives. Every partition it may rewrite is open (dated
 * from its table's {@link Horizon#firstOpen first open date} on). To derive the open rows exactly
 * it reads some days more: the whole of every journey that ends on an open date (a journey lasts
 * at most its maximum length), and the journey start of the events just before the events' open
 * dates. Events dated before the events' first open date are final, and so is their journey:
 * they are {@link Journeys#PINNED pinned} to it.
 *
 * @param logicalDate the first date the run loads
 */
public record ReadWindow(LocalDate logicalDate, Windows windows) {

  /** The first date whose partition of {@code table} the run may rewrite; empty for a snapshot. */
  public Optional<LocalDate> firstOpen(DetailTable table) {
    return table.horizon().firstOpen(logicalDate, windows);
  }

  /** Events dated before this keep their published journey. */
  public LocalDate pinBefore() {
    return firstOpen(DetailTable.EVENTS).orElseThrow();
  }

  /**
   * The first date read: a journey maximum length before the first open date of the journeys and
   * before the pinned events' end (so the journeys there are read whole), a day before the
   * sessions' (a session lasts less than a day), and one day more for time zones.
   */
  public LocalDate readFrom() {
    long maxLengthDays = (windows.journeyMaxLength().toSeconds() + 86_399) / 86_400;
    LocalDate journeys = firstOpen(DetailTable.JOURNEYS).orElseThrow().minusDays(maxLengthDays);
    LocalDate pinned = pinBefore().minusDays(maxLengthDays);
    LocalDate sessions = sessionEventsFrom().minusDays(1);
    LocalDate first = journeys.isBefore(pinned) ? journeys : pinned;
    return (first.isBefore(sessions) ? first : sessions).minusDays(1);
  }

  /**
   * The first date of the events a session dated on the sessions' open dates can hold: that
   * first open date. A session is dated by its first event, in the reporting time zone that
   * events are dated in too, so its events are all dated on or after its own date.
   */
  public LocalDate sessionEventsFrom() {
    return firstOpen(DetailTable.SESSIONS).orElseThrow();
  }

  /** How many days before its logical date a run by date starts reading: the same for every date. */
  public static long daysRead(Windows windows) {
    LocalDate any = LocalDate.of(2000, 1, 1);
    return java.time.temporal.ChronoUnit.DAYS.between(new ReadWindow(any, windows).readFrom(), any);
  }

  /** The rows of a date-partitioned table from {@link #readFrom} on (a partition filter). */
  public Dataset<Row> read(Dataset<Row> table, String dateColumn) {
    return table.where(col(dateColumn).geq(lit(java.sql.Date.valueOf(readFrom()))));
  }

  /** The rows of a date-partitioned table before {@link #readFrom}: what the window does not read. */
  public Dataset<Row> before(Dataset<Row> table, String dateColumn) {
    return table.where(col(dateColumn).lt(lit(java.sql.Date.valueOf(readFrom()))));
  }

  /** The rows of a detail table on its open dates (all of them for a snapshot). */
  public Dataset<Row> open(Dataset<Row> rows, DetailTable table) {
    return firstOpen(table).map(d -> rows.where(col(table.partitionColumn()).geq(lit(java.sql.Date.valueOf(d)))))
        .orElse(rows);
  }
}
