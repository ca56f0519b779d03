package io.cx.transform;

import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.transform.EventsContract.JOURNEY_ID;
import static io.cx.transform.EventsContract.PERSON_KEY;
import static io.cx.transform.EventsContract.SESSION_KEY;
import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Each person's events in time order (ties by event_id), the order sessions and journeys are cut
 * in. Both are gaps-and-islands problems: first look at the previous event of the kind that
 * matters, then carry the start of the current session or journey forward. Each step computes the
 * session's and the journey's columns together, so Spark sorts the events once and runs two
 * window operators over them (each one copies every row it buffers).
 */
final class Timeline {
  private Timeline() {}

  /** Adds session keys and journey ids (and the journey helpers) to events marked post-purchase. */
  static Dataset<Row> cut(Dataset<Row> marked, TransformSettings s) {
    WindowSpec w = Window.partitionBy(col(PERSON_KEY)).orderBy(col(EVENT_TIME), col(EVENT_ID));
    WindowSpec before = w.rowsBetween(Window.unboundedPreceding(), -1);
    WindowSpec upToHere = w.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec all = w.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Map<String, Column> lookAround = new LinkedHashMap<>();
    lookAround.put(Sessions.PREV_UNTRACKED, Sessions.previousUntracked(before));
    lookAround.putAll(Journeys.lookAround(before, upToHere, all));
    Map<String, Column> keys = new LinkedHashMap<>();
    keys.put(SESSION_KEY, Sessions.key(upToHere, s.sessionGap()));
    keys.put(JOURNEY_ID, Journeys.id(upToHere, s.journeyTimeout()));
    return marked.withColumns(lookAround).withColumns(keys)
        .drop(Sessions.PREV_UNTRACKED, Journeys.PREV_TIME, Journeys.PREV_TYPE);
  }
}
