package io.cx.transform;

import static io.cx.ingest.EventContract.ADD_TO_CART;
import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.PAGE_VIEW;
import static io.cx.ingest.EventContract.PURCHASE;
import static io.cx.ingest.EventContract.SESSION_ID;
import static io.cx.transform.EventsContract.PERSON_KEY;
import static io.cx.transform.EventsContract.SESSION_KEY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/** Web and app sessions. */
public final class Sessions {
  private Sessions() {}

  /** The channels whose events form sessions. */
  public static final List<String> DIGITAL_CHANNELS = List.of("web", "app");

  /** Helper column: the time of the person's previous untracked web/app event. */
  static final String PREV_UNTRACKED = "_prev_untracked";

  /** Web/app events without a tracker session_id: these are cut into sessions by time. */
  private static Column untracked() {
    return digital().and(col(SESSION_ID).isNull());
  }

  private static Column digital() {
    return col(CHANNEL).isin(DIGITAL_CHANNELS.toArray());
  }

  /**
   * First step along the {@link Timeline}: {@link #PREV_UNTRACKED}, over the frame of the events
   * before this one.
   */
  static Column previousUntracked(WindowSpec before) {
    return last(when(untracked(), col(EVENT_TIME)), true).over(before);
  }

  /**
   * Second step: the {@link EventsContract#SESSION_KEY} of a web/app event, given
   * {@link #PREV_UNTRACKED}, over the frame from the person's first event to this one. With a
   * tracker session_id the session is (person_key, session_id). Without one, the person's untracked
   * web/app events in time order (ties by event_id) start a new session when more than {@code gap}
   * passed since the previous one; such a session is named by the person and its start time, so it
   * keeps its key when the job runs again. Other channels get null.
   */
  static Column key(WindowSpec upToHere, Duration gap) {
    Column prev = col(PREV_UNTRACKED);
    Column starts = untracked().and(prev.isNull().or(Columns.moreThanApart(prev, col(EVENT_TIME), gap)));
    // Times only grow along the timeline, so the latest start so far is the current session's start.
    Column sessionStart = max(when(starts, unix_micros(col(EVENT_TIME)))).over(upToHere);
    return when(digital().and(col(SESSION_ID).isNotNull()), concat(col(PERSON_KEY), lit("|s:"), col(SESSION_ID)))
        .when(untracked(), concat(col(PERSON_KEY), lit("|d:"), sessionStart.cast("string")));
  }

  /** One row per session, from events that carry session and journey keys. */
  public static Dataset<Row> table(Dataset<Row> events, ZoneId zone) {
    Column isCart = col(EVENT_TYPE).equalTo(ADD_TO_CART);
    // A session belongs to one person: grouping by the person too lets events that are already
    // partitioned by person be aggregated where they are. The first event's channel and the last
    // cart's journey are fields of the least and greatest (time, event_id, value) structs: the
    // aggregate runs row by row (its buffers hold text), and one struct compare per row costs
    // about a quarter less than min_by/max_by over a (time, event_id) ordering.
    return events.where(col(SESSION_KEY).isNotNull()).groupBy(col(SESSION_KEY), col(PERSON_KEY)).agg(
            min(col(SESSION_ID)).as(SessionsContract.SESSION_ID),
            min(Columns.inTimeOrder(col(CHANNEL))).getField(CHANNEL).as(SessionsContract.CHANNEL),
            min(col(EVENT_TIME)).as(SessionsContract.STARTED_AT),
            max(col(EVENT_TIME)).as(SessionsContract.ENDED_AT),
            count(lit(1)).as(SessionsContract.EVENTS),
            count(when(col(EVENT_TYPE).equalTo(PAGE_VIEW), 1)).as(SessionsContract.PAGE_VIEWS),
            count(when(isCart, 1)).as(SessionsContract.ADD_TO_CARTS),
            count(when(col(EVENT_TYPE).equalTo(PURCHASE), 1)).as(SessionsContract.PURCHASES),
            max(when(isCart, Columns.inTimeOrder(col(EventsContract.JOURNEY_ID))))
                .getField(EventsContract.JOURNEY_ID).as(SessionsContract.CART_JOURNEY_ID))
        .withColumn(SessionsContract.HAS_CART, col(SessionsContract.ADD_TO_CARTS).gt(0))
        .withColumn(SessionsContract.HAS_PURCHASE, col(SessionsContract.PURCHASES).gt(0))
        .withColumn(SessionsContract.DATE, Columns.localDate(col(SessionsContract.STARTED_AT), zone));
  }
}
