package io.cx.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The published events a run by date's records contest their event_ids with, as rows of
 * (event_id, event_time, loaded_date) (see {@link Dedup#contested}).
 */
public interface Rivals {

  /** Every published event that takes part. */
  Dataset<Row> all();

  /**
   * The published events whose event_id is one of {@code ids} (one column of event_ids, few
   * enough to send to every task).
   */
  Dataset<Row> sharing(Dataset<Row> ids);

  /**
   * Rivals found by reading the event_id of every published event ({@code published}: at least
   * event_id, event_time and loaded_date).
   */
  static Rivals scanning(Dataset<Row> published) {
    Dataset<Row> rows = published.select(EventContract.EVENT_ID, EventContract.EVENT_TIME, EventContract.LOADED_DATE);
    return new Rivals() {
      @Override
      public Dataset<Row> all() {
        return rows;
      }

      @Override
      public Dataset<Row> sharing(Dataset<Row> ids) {
        // No distinct: a semi join only asks whether an id is in the broadcast table.
        Dataset<Row> wanted = ids.select(col(ids.columns()[0]).as("_wanted_event_id"));
        return rows.join(broadcast(wanted), col(EventContract.EVENT_ID).equalTo(col("_wanted_event_id")), "left_semi");
      }
    };
  }
}
