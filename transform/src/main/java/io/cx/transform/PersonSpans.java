package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
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
