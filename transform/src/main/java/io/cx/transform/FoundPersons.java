package io.cx.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The persons a run by date affects, found among its read window's published events, and what
 * re-deriving their rows ({@link ReDerived}) starts from: the window's events with and without
 * those the run replaces, the key rows after the change, and each person's span.
 *
 * @param added the run's clean events, kept aside
 * @param windowEvents the read window's published events
 * @param withoutReplaced drops the published events the run replaces from a set of events
 * @param kept the window's events without those the run replaces
 * @param removedRows the window's events the run replaces
 * @param touched the key rows the records added and removed touch
 * @param fewSeeds whether those are few enough to send to every task
 * @param keysComplete whether the output's key rows cover every published event
 * @param publishedKeys the published key rows as read
 * @param keys the key rows after the change, those the records touch derived again
 * @param spanRows one row per affected person: the person and their {@link PersonSpans span}
 * @param affected how many persons are affected
 * @param losing how many of them may lose events (published events of theirs are replaced)
 */
record FoundPersons(Dataset<Row> added, Dataset<Row> windowEvents, UnaryOperator<Dataset<Row>> withoutReplaced,
    Dataset<Row> kept, Dataset<Row> removedRows, Dataset<Row> touched, boolean fewSeeds, boolean keysComplete,
    Dataset<Row> publishedKeys, CrossDateKeys.Current keys, Dataset<Row> spanRows, long affected, long losing) {

  /**
   * Finds the affected persons. {@code added}: the run's clean events; {@code removed}: the
   * event_ids of the published events it replaces.
   */
  static FoundPersons find(ChangedDetail.Published pub, Dataset<Row> added, Dataset<Row> removed,
      TransformSettings ts, ReadWindow window, Scratch scratch) {
    Dataset<Row> removedIds = scratch.keep("removed",
        removed.select(col(EventContract.EVENT_ID).as("_removed_id")).distinct());
    added = scratch.keep("added", added);
    Column isRemoved = col(EventContract.EVENT_ID).equalTo(col("_removed_id"));
    // Only the read window's events are read: the records replaced are dated inside it.
    Dataset<Row> windowEvents = window.read(pub.events(), EventContract.DATE);
    // A night that loads its date for the first time usually replaces nothing: then the window is
    // read without the event_id column the replaced rows are found by (a scan of every row's id).
    boolean replacesNone = removedIds.isEmpty();
    UnaryOperator<Dataset<Row>> withoutReplaced =
        df -> replacesNone ? df : df.join(removedIds, isRemoved, "left_anti");
    Dataset<Row> kept = withoutReplaced.apply(windowEvents);
    Dataset<Row> removedRows = replacesNone ? windowEvents.limit(0)
        : windowEvents.join(removedIds, isRemoved, "left_semi");
    Dataset<Row> seeds = scratch.keep("seeds",
        AffectedPersons.seeds(removedRows.select(ChangedDetail.cleanColumns()).unionByName(added)));
    boolean fewSeeds = seeds.count() <= ChangedDetail.BROADCAST_ROWS;
    // What links the window's events to other dates: the published key rows, those of the keys
    // the records added and removed carry derived again from their earlier rows and the window.
    boolean keysComplete = PublishedKeys.complete(pub);
    Dataset<Row> publishedKeys = PublishedKeys.read(pub, keysComplete, scratch);
    Dataset<Row> touched = scratch.keep("touched_keys", CrossDateKeys.touched(seeds));
    Dataset<Row> touchedKeys = fewSeeds ? broadcast(touched) : touched;
    // The key rows of events dated before the earliest record added or removed are as published:
    // only the events from that date on are read again.
    LocalDate keysChangeFrom = keysChangeFrom(added, removedRows, window);
    CrossDateKeys.Current keys = CrossDateKeys.Current.of(publishedKeys, touchedKeys, scratch.keep("changed_keys",
        CrossDateKeys.changed(publishedKeys, touchedKeys,
            datedFrom(kept, keysChangeFrom).select(ChangedDetail.cleanColumns()).unionByName(added), keysChangeFrom)));
    // Stitching needs the links of the anonymous_ids it meets: first those of the records added
    // and removed, then those of the affected persons' events.
    Dataset<Row> seedLinks = linksOf(scratch, "links_of_seeds", keys,
        seeds.where(col(AffectedPersons.KIND).equalTo("a")).select(col(AffectedPersons.VALUE)));
    // The window's contacts from its sparse events, where the output has them: a twentieth of its events.
    Dataset<Row> windowContacts = pub.sparse().map(sp -> window.read(SparseEvents.read(sp), EventContract.DATE))
        .orElse(windowEvents);
    Dataset<Row> spanRows = scratch.keep("persons", PersonSpans.spans(AffectedPersons.of(windowEvents, windowContacts,
        seeds, fewSeeds, added, removedRows, seedLinks, ts.stitchLookback(), window.logicalDate()), window, ts));
    Row counted = spanRows.agg(org.apache.spark.sql.functions.count(lit(1)),
        org.apache.spark.sql.functions.count(when(col(AffectedPersons.LOSES), lit(1)))).first();
    return new FoundPersons(added, windowEvents, withoutReplaced, kept, removedRows, touched, fewSeeds, keysComplete,
        publishedKeys, keys, spanRows, counted.getLong(0), counted.getLong(1));
  }

  /** Whether the affected persons are few enough to send to every task. */
  boolean fewPersons() {
    return affected <= ChangedDetail.BROADCAST_ROWS;
  }

  /** The {@link #spanRows}, sent to every task when they are few. */
  Dataset<Row> spans() {
    return fewPersons() ? broadcast(spanRows) : spanRows;
  }

  /** The affected persons' keys ({@link AffectedPersons#PERSON}), one column. */
  Dataset<Row> personRows() {
    return spanRows.select(col(AffectedPersons.PERSON));
  }

  /** {@link #personRows}, sent to every task when they are few. */
  Dataset<Row> persons() {
    return fewPersons() ? broadcast(personRows()) : personRows();
  }

  /**
   * The {@link Identity#links} of the anonymous_ids in {@code ids}' one column, from the key rows
   * after the change: they equal its links among all events. The ids are sent to every task when
   * they are few (a day's records or its affected persons' devices, next to every device ever
   * linked).
   */
  static Dataset<Row> linksOf(Scratch scratch, String name, CrossDateKeys.Current keys, Dataset<Row> ids) {
    Dataset<Row> wanted = scratch.keep(name + "_anonymous_ids",
        ids.select(col(ids.columns()[0]).as("_wanted_anonymous_id")).distinct());
    return scratch.keep(name,
        keys.linksOf(wanted.count() <= ChangedDetail.BROADCAST_ROWS ? broadcast(wanted) : wanted));
  }

  /**
   * The earliest date of the records a run adds or removes ({@code removed}: the published rows it
   * replaces), never before the read window's first date, or its last date when it changes none.
   * A key's rows are compacted in time order (or are minimums), so its published rows dated before
   * that date are those its events before it give; only the events from then on are read again.
   */
  static LocalDate keysChangeFrom(Dataset<Row> added, Dataset<Row> removed, ReadWindow window) {
    Column date = col(EventContract.DATE);
    Row earliest = added.select(date).unionByName(removed.select(date))
        .agg(org.apache.spark.sql.functions.min(date)).first();
    if (earliest.isNullAt(0)) {
      return window.logicalDate();
    }
    LocalDate from = earliest.getDate(0).toLocalDate();
    return from.isBefore(window.readFrom()) ? window.readFrom() : from;
  }

  /** The rows of {@code events} dated on or after {@code from}. */
  private static Dataset<Row> datedFrom(Dataset<Row> events, LocalDate from) {
    return events.where(col(EventContract.DATE).geq(lit(java.sql.Date.valueOf(from))));
  }
}
