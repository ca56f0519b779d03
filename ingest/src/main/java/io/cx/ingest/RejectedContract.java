package io.cx.ingest;

import java.util.List;

/**
 * The {@code rejected_events} table: one row per input record that broke the event contract,
 * partitioned by {@link EventContract#DATE}: the event's date when its time could be read and is
 * not in the future, otherwise the run's as-of date.
 */
public final class RejectedContract {
  private RejectedContract() {}

  /** The table's name. */
  public static final String TABLE = "rejected_events";

  /** The record as read: the raw line for malformed records, else its fields as JSON text. */
  public static final String RAW_RECORD = "raw_record";
  public static final String SOURCE_FILE = EventContract.SOURCE_FILE;
  /** The --input argument (path or glob) the record came from. */
  public static final String INPUT = "input";
  public static final String REJECT_REASON = "reject_reason";
  public static final String REJECT_DETAIL = "reject_detail";
  /** event_id as read, when there was one. */
  public static final String EVENT_ID = EventContract.EVENT_ID;
  /** event_time when it could be parsed. */
  public static final String EVENT_TIME = EventContract.EVENT_TIME;
  public static final String RUN_ID = "run_id";
  /** The logical date the record was loaded for (see {@link EventContract#LOADED_DATE}). */
  public static final String LOADED_DATE = EventContract.LOADED_DATE;

  public static final List<String> COLUMNS = List.of(
      RAW_RECORD, SOURCE_FILE, INPUT, REJECT_REASON, REJECT_DETAIL, EVENT_ID, EVENT_TIME, RUN_ID, LOADED_DATE);
}
