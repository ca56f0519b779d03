package io.cx.transform;

import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The sparse events: what customers said or asked (surveys, contacts, social posts, referrals)
 * and the purchases that carry a referral code, with the few columns the KPI tables read of them.
 * They are about one event in twenty, and many KPI tables read nothing else of the events.
 *
 * <p>Every run publishes them as an internal table, {@link #TABLE}, one file per month: a run by
 * date restates the months of the event dates it restates, and the KPI tables read the sparse
 * events from there instead of scanning every published event for them.
 */
public final class SparseEvents {
  private SparseEvents() {}

  /** The internal table: a leading underscore hides it from readers that list the output's tables. */
  public static final String TABLE = "_sparse_events";

  /** The partition column, {@code YYYY-MM} of the date. */
  public static final String MONTH = "month";

  /** The event types that are each a few percent of the events at most, and what customers said or asked. */
  public static final List<String> TYPES =
      List.of(EventContract.SURVEY, EventContract.CONTACT, EventContract.SOCIAL, EventContract.REFERRAL);

  /**
   * The columns of the sparse events: those their readers use. The keys that only the detail
   * tables need (anonymous_id, session and journey keys, product, page) are most of an events
   * file's bytes, so a reader of the sparse events does not decode them.
   */
  public static final List<String> COLUMNS = List.of(EventContract.EVENT_ID, EventContract.EVENT_TIME,
      EventContract.EVENT_TYPE, EventContract.CHANNEL, EventContract.TOUCHPOINT, EventContract.CUSTOMER_ID,
      EventsContract.PERSON_KEY, EventContract.ORDER_ID, EventContract.CASE_ID, EventContract.WAIT_SECONDS,
      EventContract.HANDLE_SECONDS, EventContract.RESOLVED, EventContract.SURVEY_TYPE, EventContract.SCORE,
      EventContract.ENGAGEMENT, EventContract.SENTIMENT, EventContract.REFERRAL_CODE, EventContract.DATE);

  /** The published table's columns: {@link #COLUMNS} with the events' types, then {@link #MONTH}. */
  public static final StructType SCHEMA = schema();

  /**
   * One file per month, restated date by date; written whole by a task per month that reads that
   * month's events ({@link ByMonth}), not as an aggregate (one task for the whole table), which
   * would read every event in that one task.
   */
  public static final TableLayout LAYOUT = TableLayout.datedSpread(MONTH, EventContract.DATE);

  /** Its rows are the events': open from the events' first open date, back to the first day of its month. */
  public static final Horizon HORIZON = Horizon.EVENTS.inWholeMonths();

  /** The sparse events of some published events (with their person_key), with the {@link #COLUMNS}. */
  public static Dataset<Row> of(Dataset<Row> events) {
    return events.where(col(EventContract.EVENT_TYPE).isin(TYPES.toArray())
            .or(col(EventContract.REFERRAL_CODE).isNotNull()))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** Sparse events as published: with the {@link #MONTH} they are filed under. */
  public static Dataset<Row> published(Dataset<Row> sparse) {
    return sparse.withColumn(MONTH, Columns.monthOf(col(EventContract.DATE)));
  }

  /** The sparse events of a published (or staged) table: without the partition column. */
  public static Dataset<Row> read(Dataset<Row> table) {
    return table.drop(MONTH);
  }

  /**
   * Stages the sparse events of the restated event dates: a run by date that restates the events of
   * {@code dates} rewrites those dates of the sparse events (their months' files keep the other
   * dates as published). {@code events}: the events as they will be published. Returns the sparse
   * events as they will be published.
   */
  public static Dataset<Row> restate(Stage stage, Dataset<Row> events, Dates dates) {
    return read(stage.apply(TABLE, published(of(dates.on(events, EventContract.DATE))), dates));
  }

  /**
   * Stages the sparse events of every event: {@code events} (a table partitioned by date), whose
   * dates lie in {@code months} ({@link ByMonth#months}), one task per month. Returns them as they
   * will be published.
   */
  public static Dataset<Row> whole(Stage stage, Dataset<Row> events, List<String> months) {
    return read(stage.whole(TABLE, ByMonth.spread(published(of(events)), MONTH, months)));
  }

  private static StructType schema() {
    StructType schema = new StructType();
    for (String c : COLUMNS) {
      if (c.equals(EventsContract.PERSON_KEY)) {
        schema = schema.add(c, DataTypes.StringType);
      } else if (c.equals(EventContract.DATE)) {
        schema = schema.add(c, DataTypes.DateType);
      } else {
        schema = schema.add(EventContract.SCHEMA.apply(c));
      }
    }
    return schema.add(MONTH, DataTypes.StringType);
  }
}
