package io.cx.transform;

import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Column;

/** Small column helpers shared by the transform and metrics steps. */
public final class Columns {
  private Columns() {}

  /**
   * A struct of an event's time and event_id, then {@code values}: structs compare field by field,
   * so it orders events in time order with ties by event_id (the order of a person's timeline),
   * for {@code min}, {@code max}, {@code min_by}, {@code max_by} and {@code sort_array}.
   */
  public static Column inTimeOrder(Column... values) {
    Column[] fields = new Column[values.length + 2];
    fields[0] = col(EVENT_TIME);
    fields[1] = col(EVENT_ID);
    System.arraycopy(values, 0, fields, 2, values.length);
    return struct(fields);
  }

  /** Local date of an instant in the reporting zone. */
  public static Column localDate(Column instant, ZoneId zone) {
    return to_date(from_utc_timestamp(instant, zone.getId()));
  }

  /** Seconds from {@code from} to {@code to}, as a double with microsecond precision. */
  public static Column secondsBetween(Column from, Column to) {
    return unix_micros(to).minus(unix_micros(from)).divide(1e6);
  }

  /** Whether {@code later} is at most {@code window} after {@code earlier} and not before it. */
  public static Column within(Column earlier, Column later, Duration window) {
    Column gap = unix_micros(later).minus(unix_micros(earlier));
    return gap.geq(0).and(gap.leq(micros(window)));
  }

  /** The month of a date as the monthly tables' partition value: {@code YYYY-MM}. */
  public static Column monthOf(Column date) {
    return org.apache.spark.sql.functions.date_format(date, "yyyy-MM");
  }

  /** Whether {@code later} is more than {@code d} after {@code earlier}. */
  public static Column moreThanApart(Column earlier, Column later, Duration d) {
    return unix_micros(later).minus(unix_micros(earlier)).gt(micros(d));
  }

  public static Column instant(Instant i) {
    return timestamp_micros(lit(micros(i)));
  }

  /** Microseconds since the epoch, as Spark stores a timestamp. */
  public static long micros(Instant i) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, i);
  }

  public static long micros(Duration d) {
    return d.toNanos() / 1000;
  }
}
