package io.cx.transform;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The persons whose detail rows a change of the events can change: the restatement rule of every
 * detail table.
 *
 * <p>Everything transform derives is per person, except three links between persons: identity
 * stitching (by anonymous_id), post-purchase marking and order linking (by order_id), and support
 * cases (a contact is post-purchase when any contact of its case names a purchased order). So the
 * affected persons of records added and removed are: the persons of the records themselves (the
 * added ones as stitched now, the removed ones as published); the old and the new person of every
 * published anonymous event of such a record's anonymous_id that the links after the change stitch
 * to someone else; the persons of published events naming such a record's order_id, and of
 * published contacts in such a record's case or in the case of a contact naming such an order.
 * That set is closed: no other event's person, session, journey or order can change. Each of them
 * comes with the earliest date of a change, so that a person is re-derived from there on only.
 *
 * <p>The event_id needs no search of its own. Ingest deduplicates a run's records against every
 * published event, so a published event holding the event_id of an added record is either
 * replaced by it (then it is a removed record, whose published person is affected) or wins (then
 * the record is not added).
 */
public final class AffectedPersons {
  private AffectedPersons() {}

  /** The person column of {@link #of}'s result (a name of its own, so joins with the tables are unambiguous). */
  public static final String PERSON = "_affected_person";
  /** The earliest date from which the person's events can change. */
  public static final String CHANGED_FROM = "_changed_from";
  /** Whether the person can lose events from {@link #CHANGED_FROM} on (rather than only gain some). */
  public static final String LOSES = "_loses";

  static final String KIND = "_kind";
  static final String VALUE = "_value";

  /**
   * The keys of some events, for {@link #of}: (kind, value) pairs of each event's anonymous_id
   * (a), customer_id (c), order_id (o) and, for a contact, case_id (k). Not the event_id: see the
   * class comment.
   */
  public static Dataset<Row> seeds(Dataset<Row> changedEvents) {
    return keys(changedEvents).distinct();
  }

  /**
   * The affected persons, each with the earliest date from which their events can change
   * ({@link #CHANGED_FROM}) and whether they can lose events there ({@link #LOSES}: an event
   * removed, re-stitched to another person, or whose post-purchase mark may change, which takes it
   * out of its journey), so that each is re-derived from their own change rather than from the
   * whole read window. {@code published}: the published events of the read window (with their
   * person key); {@code contacts}: the published contacts of the read window, or any superset of
   * them among its events (the window's sparse events, or {@code published} itself), with at least
   * event_type, person key, order_id, case_id and date; {@code seeds}: the {@link #seeds} of the records added and removed, broadcast when
   * {@code fewSeeds}; {@code added}: the clean events added; {@code removed}: the published events
   * removed; {@code links}: the {@link Identity#links} of the events after the change, at least
   * those of the seeds' anonymous_ids; {@code lookback}: the stitch lookback; {@code logicalDate}:
   * the run's first date, the change date of a person whose events keep their timeline (the buyer
   * of an order that a new return names: only the order's row changes). {@code added} and
   * {@code removed} must be the outcome of ingest's deduplication against every published event
   * (see the class comment). Filtered scans: two of the contacts (the cases of the seeds' orders,
   * then the contacts of the seed cases), two of the published events (by order_id, and the
   * anonymous events by anonymous_id), each reading a few columns.
   *
   * <p>A person is affected when:
   * <ul>
   *   <li>an event of theirs is added (from its date) or removed (from its date, losing it);</li>
   *   <li>an anonymous event of a seed anonymous_id stitches to another person with the links after
   *       the change (from its date: its old person loses it, its new one gains it); an anonymous
   *       event that keeps its person, or an event with a customer_id, changes nobody;</li>
   *   <li>a contact, survey or social event of theirs names a seed order, or a contact of theirs
   *       belongs to a seed case or to the case of a contact naming a seed order (from its date,
   *       losing it: its post-purchase mark may change);</li>
   *   <li>another event of theirs names a seed order (a purchase or a return): only the order's row
   *       can change, so from {@code logicalDate} on.</li>
   * </ul>
   */
  public static Dataset<Row> of(Dataset<Row> published, Dataset<Row> contacts, Dataset<Row> seeds, boolean fewSeeds,
      Dataset<Row> added, Dataset<Row> removed, Dataset<Row> links, java.time.Duration lookback,
      java.time.LocalDate logicalDate) {
    Dataset<Row> seedOrders = seeds.where(col(KIND).equalTo("o")).select(col(VALUE).as("_seed_order"));
    Dataset<Row> inSomeCase = contacts
        .where(col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT).and(col(EventContract.CASE_ID).isNotNull()));
    Dataset<Row> casesOfSeedOrders = inSomeCase
        .join(fewSeeds ? broadcast(seedOrders) : seedOrders,
            col(EventContract.ORDER_ID).equalTo(col("_seed_order")), "left_semi")
        .select(lit("k").as(KIND), col(EventContract.CASE_ID).as(VALUE));
    Dataset<Row> allSeeds = seeds.unionByName(casesOfSeedOrders).distinct();
    Column date = col(EventContract.DATE);
    Column marked = col(EventContract.EVENT_TYPE).isin(EventContract.CONTACT, EventContract.SURVEY,
        EventContract.SOCIAL);
    Dataset<Row> naming = sharing(published, allSeeds, fewSeeds, "o", col(EventContract.ORDER_ID))
        .select(col(EventsContract.PERSON_KEY), when(marked, date).otherwise(lit(java.sql.Date.valueOf(logicalDate)))
            .as(CHANGED_FROM), marked.as(LOSES));
    Dataset<Row> inCases = sharing(inSomeCase, allSeeds, fewSeeds, "k", col(EventContract.CASE_ID))
        .select(col(EventsContract.PERSON_KEY), date.as(CHANGED_FROM), lit(true).as(LOSES));
    // The anonymous events of the seeds' anonymous_ids stitched again with the links after the change.
    Dataset<Row> anonymousIds = seeds.where(col(KIND).equalTo("a")).select(col(VALUE).as("_seed_value"));
    Dataset<Row> restitched = Identity.stitch(published.where(col(EventContract.CUSTOMER_ID).isNull())
            .join(fewSeeds ? broadcast(anonymousIds) : anonymousIds,
                col(EventContract.ANONYMOUS_ID).equalTo(col("_seed_value")), "left_semi")
            .select(col(EventContract.ANONYMOUS_ID), col(EventContract.CUSTOMER_ID), col(EventContract.EVENT_TIME),
                date, col(EventsContract.PERSON_KEY).as("_old_person")), links, lookback)
        .where(col(EventsContract.PERSON_KEY).notEqual(col("_old_person")));
    // Its old person loses it, its new one gains it: both rows from one pass over those events.
    Dataset<Row> moved = restitched.select(explode(array(
            struct(col("_old_person").as(EventsContract.PERSON_KEY), date.as(CHANGED_FROM), lit(true).as(LOSES)),
            struct(col(EventsContract.PERSON_KEY), date.as(CHANGED_FROM), lit(false).as(LOSES)))).as("_moved"))
        .select(col("_moved." + EventsContract.PERSON_KEY), col("_moved." + CHANGED_FROM), col("_moved." + LOSES));
    Dataset<Row> addedTo = Identity.stitch(added, links, lookback)
        .select(col(EventsContract.PERSON_KEY), date.as(CHANGED_FROM), lit(false).as(LOSES));
    Dataset<Row> removedFrom = removed.select(col(EventsContract.PERSON_KEY), date.as(CHANGED_FROM),
        lit(true).as(LOSES));
    return naming.unionByName(inCases).unionByName(moved).unionByName(addedTo)
        .unionByName(removedFrom)
        .groupBy(col(EventsContract.PERSON_KEY).as(PERSON))
        .agg(min(col(CHANGED_FROM)).as(CHANGED_FROM), max(col(LOSES)).as(LOSES));
  }

  /**
   * The {@code published} events whose {@code column} holds a seed value of {@code kind}.
   */
  private static Dataset<Row> sharing(Dataset<Row> published, Dataset<Row> seeds, boolean fewSeeds, String kind,
      Column column) {
    Dataset<Row> values = seeds.where(col(KIND).equalTo(kind)).select(col(VALUE).as("_seed_value"));
    return published.where(column.isNotNull())
        .join(fewSeeds ? broadcast(values) : values, column.equalTo(col("_seed_value")), "left_semi");
  }

  /** The rows of {@code table} whose {@code personColumn} is one of the affected {@code persons}. */
  public static Dataset<Row> rowsOf(Dataset<Row> table, Dataset<Row> persons, String personColumn) {
    return table.join(persons, table.col(personColumn).equalTo(col(PERSON)), "left_semi");
  }

  /** The rows of {@code table} whose {@code personColumn} is none of the affected {@code persons}. */
  public static Dataset<Row> rowsOfOthers(Dataset<Row> table, Dataset<Row> persons, String personColumn) {
    return table.join(persons, table.col(personColumn).equalTo(col(PERSON)), "left_anti");
  }

  private static Dataset<Row> keys(Dataset<Row> events) {
    boolean withPerson = Arrays.asList(events.columns()).contains(EventsContract.PERSON_KEY);
    Column pairs = explode(array(
        struct(lit("a").as(KIND), col(EventContract.ANONYMOUS_ID).as(VALUE)),
        struct(lit("c").as(KIND), col(EventContract.CUSTOMER_ID).as(VALUE)),
        struct(lit("o").as(KIND), col(EventContract.ORDER_ID).as(VALUE)),
        struct(lit("k").as(KIND), when(col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT),
            col(EventContract.CASE_ID)).as(VALUE))));
    Dataset<Row> flat = withPerson
        ? events.select(col(EventsContract.PERSON_KEY), pairs.as("_k"))
            .select(col(EventsContract.PERSON_KEY), col("_k." + KIND).as(KIND), col("_k." + VALUE).as(VALUE))
        : events.select(pairs.as("_k")).select(col("_k." + KIND).as(KIND), col("_k." + VALUE).as(VALUE));
    return flat.where(col(VALUE).isNotNull());
  }
}
