package io.cx.transform;

import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.ORDER_ID;
import static io.cx.ingest.EventContract.SESSION_ID;
import static io.cx.ingest.EventContract.TOUCHPOINT;
import static io.cx.transform.EventsContract.JOURNEY_ID;
import static io.cx.transform.EventsContract.PERSON_KEY;
import static io.cx.transform.EventsContract.SESSION_KEY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>Along the timeline the rows are {@link #pack packed}: the columns the cut and the sessions and
 * journeys tables read stay top-level, every other column travels in one struct. Each window
 * operator copies its input row twice (into its buffer, and joined with its results into its
 * output); a struct column is copied as one block of bytes, where top-level columns are copied
 * one by one (a profile of the 10 M benchmark had a quarter of this stage's time in those copies).
 */
final class Timeline {
  private Timeline() {}

  /** The struct holding the columns nothing along the timeline reads. */
  static final String CARRIED = "_carried";

  /** The columns the cut, the post-purchase mark and the sessions and journeys tables read. */
  static final List<String> READ = List.of(PERSON_KEY, EVENT_ID, EVENT_TIME, EVENT_TYPE, CHANNEL, SESSION_ID,
      ORDER_ID, TOUCHPOINT, Journeys.PINNED, Journeys.PINNED_JOURNEY, Journeys.PINNED_STARTED);

  /** The columns of {@link #READ} top-level, all others in the struct {@link #CARRIED}. */
  static Dataset<Row> pack(Dataset<Row> events) {
    List<Column> top = new ArrayList<>();
    List<Column> carried = new ArrayList<>();
    for (String c : events.columns()) {
      (READ.contains(c) ? top : carried).add(col(c));
    }
    top.add(struct(carried.toArray(Column[]::new)).as(CARRIED));
    return events.select(top.toArray(Column[]::new));
  }

  /** The columns of the {@link #CARRIED} struct back at the top level, after the others. */
  static Dataset<Row> unpack(Dataset<Row> packed) {
    List<Column> cols = new ArrayList<>();
    Arrays.stream(packed.columns()).filter(c -> !c.equals(CARRIED)).forEach(c -> cols.add(col(c)));
    cols.add(col(CARRIED + ".*"));
    return packed.select(cols.toArray(Column[]::new));
  }

  /**
   * Adds session keys and journey ids (and the journey helpers) to {@link #pack packed} events
   * marked post-purchase. The journeys are not cut at their maximum length yet: see
   * {@link Journeys#capLength}.
   */
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
    keys.put(Journeys.STARTED, Journeys.startedAt(upToHere, s.journeyTimeout()));
    return marked.withColumns(lookAround).withColumns(keys)
        .drop(Sessions.PREV_UNTRACKED, Journeys.PREV_TIME, Journeys.PREV_TYPE);
  }
}
