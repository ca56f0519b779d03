package io.cx.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import io.cx.ingest.Rivals;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The published event_ids, as a 64-bit hash of each and the date of its event: what a run by date
 * needs to find the published events its records contest an event_id with. Reading the event_id
 * strings of every published event for that took one of a night's longest jobs; this table is a
 * long and a date per event, and the events themselves are then read only on the dates whose
 * hashes match one of the night's records.
 *
 * <p>Every run publishes it as an internal table, {@link #TABLE}, one file per month, restated
 * with the events' dates like {@link SparseEvents}. The hash is Spark's {@code xxhash64} (XXH64
 * with seed 42 over the id's UTF-8 bytes); a collision only makes a run read the events of one
 * more date.
 */
public final class EventIds {
  private EventIds() {}

  /** The internal table: a leading underscore hides it from readers that list the output's tables. */
  public static final String TABLE = "_event_ids";

  /** The hash of the event_id ({@link #hash}). */
  public static final String ID_HASH = "id_hash";

  /** The partition column, {@code YYYY-MM} of the date. */
  public static final String MONTH = "month";

  /** The published table's columns: the hash, the event's date, then {@link #MONTH}. */
  public static final StructType SCHEMA = new StructType().add(ID_HASH, DataTypes.LongType)
      .add(EventContract.DATE, DataTypes.DateType).add(MONTH, DataTypes.StringType);

  /** One file per month, restated date by date, as the events are; written whole by a task per month. */
  public static final TableLayout LAYOUT = TableLayout.datedSpread(MONTH, EventContract.DATE);

  /** Its rows are the events': open from the events' first open date, back to the first day of its month. */
  public static final Horizon HORIZON = Horizon.EVENTS.inWholeMonths();

  /** The hash of an event_id column as this table holds it. */
  public static Column hash(Column eventId) {
    return org.apache.spark.sql.functions.xxhash64(eventId);
  }

  /** The rows of some events (with their date), as published: with the {@link #MONTH} they are filed under. */
  public static Dataset<Row> of(Dataset<Row> events) {
    return events.select(hash(col(EventContract.EVENT_ID)).as(ID_HASH), col(EventContract.DATE),
        Columns.monthOf(col(EventContract.DATE)).as(MONTH));
  }

  /**
   * Stages the rows of the restated event dates: a run by date that restates the events of
   * {@code dates} rewrites those dates (their months' files keep the other dates as published).
   * {@code events}: the events as they will be published.
   */
  public static void restate(Stage stage, Dataset<Row> events, Dates dates) {
    stage.apply(TABLE, of(dates.on(events, EventContract.DATE)), dates);
  }

  /**
   * Stages the rows of every event: {@code events} (a table partitioned by date), whose dates lie
   * in {@code months} ({@link ByMonth#months}), one task per month.
   */
  public static void whole(Stage stage, Dataset<Row> events, List<String> months) {
    stage.whole(TABLE, ByMonth.spread(of(events), MONTH, months));
  }

  /**
   * The rivals of a run's records among the {@code published} events (at least event_id,
   * event_time, loaded_date and date), found through their published {@code index} (this table as
   * read): the events are read only on the dates holding a hash of one of the records' ids.
   */
  public static Rivals rivals(Dataset<Row> published, Dataset<Row> index) {
    Rivals scanning = Rivals.scanning(published);
    return new Rivals() {
      @Override
      public Dataset<Row> all() {
        return scanning.all();
      }

      @Override
      public Dataset<Row> sharing(Dataset<Row> ids) {
        Dataset<Row> hashes = ids.select(hash(col(ids.columns()[0])).as("_wanted_hash"));
        List<Object> dates = index.join(broadcast(hashes), col(ID_HASH).equalTo(col("_wanted_hash")), "left_semi")
            .select(col(EventContract.DATE)).distinct().collectAsList().stream().map(r -> r.get(0)).toList();
        if (dates.isEmpty()) {
          return scanning.all().limit(0);
        }
        Dataset<Row> onThoseDates = published.where(col(EventContract.DATE).isin(dates.toArray()));
        return Rivals.scanning(onThoseDates).sharing(ids);
      }
    };
  }
}
