package io.cx.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a run by date re-derives of each affected person ({@link AffectedPersons}): their span, from
 * the earliest date their events can change, and the journeys and events it bounds. Used by
 * {@link ChangedDetail}.
 */
final class PersonSpans {
  private PersonSpans() {}

  /**
   * The affected persons' events from their {@link #READ_FROM read start} ({@link #spanned}), with
   * their pins: those dated before the person's {@link #CHANGED_FROM change} keep their published
   * journey, with its published start ({@code journeys}: theirs, from the read window on, which
   * holds every journey of a pinned event).
   */
  static Dataset<Row> pinned(Dataset<Row> events, Dataset<Row> journeys) {
    Dataset<Row> starts = journeys.select(col(JourneysContract.JOURNEY_ID).as("_pin_journey"),
        col(JourneysContract.STARTED_AT).as(Journeys.PINNED_STARTED));
    Column[] columns = java.util.stream.Stream.concat(Arrays.stream(ChangedDetail.cleanColumns()), java.util.stream.Stream.of(
        col(Journeys.PINNED), col(Journeys.PINNED_JOURNEY), col(Journeys.PINNED_STARTED))).toArray(Column[]::new);
    return events
        .withColumn(Journeys.PINNED, col(EventContract.DATE).lt(col(CHANGED_FROM)))
        .withColumn(Journeys.PINNED_JOURNEY, when(col(Journeys.PINNED), col(EventsContract.JOURNEY_ID)))
        .join(starts, col(Journeys.PINNED_JOURNEY).equalTo(col("_pin_journey")), "left")
        .select(columns);
  }

  /** The date from which a person's events can change, never before the events' first open date. */
  static final String CHANGED_FROM = AffectedPersons.CHANGED_FROM;
  /** The date from which a person's journeys (dated by their end) can change. */
  static final String JOURNEYS_FROM = "_journeys_from";
  /** The first date of a person's events that re-deriving them reads. */
  static final String READ_FROM = "_read_from";

  /**
   * Each affected person's span ({@link AffectedPersons#of}'s rows): from {@link #CHANGED_FROM}
   * on their events can change. A person who only gains events there can change only the journeys
   * that end at most a journey timeout before it (a new event joins the journey before it, or
   * closes it); one who can lose events (or whose events leave their journeys) also those that end
   * up to a journey maximum length earlier (a journey that loses its later events ends earlier).
   * A day more each for time zones. Re-deriving them reads the whole of those journeys: from a
   * journey maximum length (and a day) before. All dates stay within the read window's: its open
   * dates are the bound of what any run may change.
   */
  static Dataset<Row> spans(Dataset<Row> affected, ReadWindow window, TransformSettings ts) {
    int maxLength = wholeDays(ts.journeyMaxLength());
    int timeout = wholeDays(ts.journeyTimeout());
    Column changed = greatest(col(CHANGED_FROM), lit(java.sql.Date.valueOf(window.pinBefore())));
    Column journeys = greatest(
        when(col(AffectedPersons.LOSES), date_sub(changed, maxLength + timeout + 2)).otherwise(date_sub(changed, timeout + 2)),
        lit(java.sql.Date.valueOf(window.firstOpen(DetailTable.JOURNEYS).orElseThrow())));
    Column readFrom = greatest(date_sub(journeys, maxLength + 2), lit(java.sql.Date.valueOf(window.readFrom())));
    return affected.select(col(AffectedPersons.PERSON), col(AffectedPersons.LOSES), changed.as(CHANGED_FROM),
        journeys.as(JOURNEYS_FROM), readFrom.as(READ_FROM));
  }

  /**
   * The {@link #spans} with the read start of each person who only gains events moved up to the
   * first date their re-derived rows hold ({@code events}: their published events of the read
   * window, each with its journey and session). What is re-derived of them is the journeys dated
   * from {@link #JOURNEYS_FROM} on, whose events are dated from a day before it on (time zones),
   * and the events from {@link #CHANGED_FROM} on, whose session keys go back to the start of the
   * session they continue: one with an event at most a session gap (and a day) before the change.
   * So the read starts at the first event of any such journey or session, and no later than those
   * two dates. An earlier event is more than a journey timeout and a session gap before every
   * re-derived one, so it cannot continue their journey or session: leaving it out changes
   * nothing. A person who can lose events keeps the span of {@link #spans}: a journey of theirs
   * that loses its later events can end earlier than any published journey of theirs shows.
   */
  static Dataset<Row> narrowed(Dataset<Row> spans, Dataset<Row> events, TransformSettings ts) {
    int gap = wholeDays(ts.sessionGap());
    Column journeysLast = date_sub(col(JOURNEYS_FROM), 1);
    Column sessionsLast = date_sub(col(CHANGED_FROM), gap + 1);
    Dataset<Row> s = spans.select(col(AffectedPersons.PERSON).as("_narrow_person"), col(CHANGED_FROM),
        col(JOURNEYS_FROM));
    Dataset<Row> groups = events.where(col(EventsContract.JOURNEY_ID).isNotNull())
        .select(col(EventsContract.PERSON_KEY).as("_group_person"), lit(true).as("_journey"),
            col(EventsContract.JOURNEY_ID).as("_group"), col(EventContract.DATE).as("_group_date"))
        .unionByName(events.where(col(EventsContract.SESSION_KEY).isNotNull())
            .select(col(EventsContract.PERSON_KEY).as("_group_person"), lit(false).as("_journey"),
                col(EventsContract.SESSION_KEY).as("_group"), col(EventContract.DATE).as("_group_date")))
        .groupBy(col("_group_person"), col("_journey"), col("_group"))
        .agg(min(col("_group_date")).as("_group_first"), max(col("_group_date")).as("_group_last"));
    Dataset<Row> reached = groups.join(s, col("_group_person").equalTo(col("_narrow_person")))
        .where(when(col("_journey"), col("_group_last").geq(journeysLast))
            .otherwise(col("_group_last").geq(sessionsLast)))
        .groupBy(col("_narrow_person")).agg(min(col("_group_first")).as("_reached_from"));
    Column floor = least(journeysLast, sessionsLast);
    Column narrow = greatest(col(READ_FROM), least(coalesce(col("_reached_from"), floor), floor));
    return spans.join(reached, col(AffectedPersons.PERSON).equalTo(col("_narrow_person")), "left")
        .withColumn(READ_FROM, when(col(AffectedPersons.LOSES), col(READ_FROM)).otherwise(narrow))
        .select(java.util.Arrays.stream(spans.columns()).map(c -> col(c)).toArray(Column[]::new));
  }

  static int wholeDays(java.time.Duration d) {
    return (int) ((d.toSeconds() + 86_399) / 86_400);
  }

  /**
   * The events of each affected person from their {@link #READ_FROM read start} on, with their
   * {@link #CHANGED_FROM change date}.
   */
  static Dataset<Row> spanned(Dataset<Row> events, Dataset<Row> spans, String personColumn) {
    Dataset<Row> s = spans.select(col(AffectedPersons.PERSON).as("_span_person"), col(CHANGED_FROM), col(READ_FROM));
    return events.join(s, col(personColumn).equalTo(col("_span_person"))
            .and(col(EventContract.DATE).geq(col(READ_FROM))), "inner")
        .drop("_span_person", READ_FROM);
  }

  /**
   * The rows of {@code rows} dated on or after ({@code onOrAfter}) or before their person's
   * {@code bound} column of the spans.
   */
  static Dataset<Row> onOrAfter(Dataset<Row> rows, Dataset<Row> spans, String personColumn, String dateColumn,
      String bound, boolean onOrAfter) {
    Dataset<Row> s = spans.select(col(AffectedPersons.PERSON).as("_span_person"), col(bound).as("_span_bound"));
    Column date = col(dateColumn);
    return rows.join(s, col(personColumn).equalTo(col("_span_person"))
        .and(onOrAfter ? date.geq(col("_span_bound")) : date.lt(col("_span_bound"))), "left_semi");
  }

  /**
   * The affected persons' journeys on the journeys' open dates after the change: derived again
   * from each one's {@link #JOURNEYS_FROM} on, and as published before it (where only the as-of
   * time can close an open journey).
   */
  static Dataset<Row> journeysOf(Dataset<Row> derived, Dataset<Row> openPublished, Dataset<Row> spans,
      TransformSettings ts) {
    return onOrAfter(derived, spans, JourneysContract.PERSON_KEY, JourneysContract.DATE, JOURNEYS_FROM, true)
        .unionByName(Journeys.reassessOpen(onOrAfter(openPublished, spans, JourneysContract.PERSON_KEY,
            JourneysContract.DATE, JOURNEYS_FROM, false), ts));
  }
}
