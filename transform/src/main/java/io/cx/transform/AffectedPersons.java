package io.cx.transform;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
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
 * affected persons of records added and removed are: those with a published event sharing an
 * anonymous_id, customer_id, order_id, event_id or (for contacts) case_id with such a record, or
 * a case_id with a published contact naming such an order_id; the persons the added records
 * stitch to; and, for every such anonymous_id, every customer it is linked to and the anonymous
 * person ({@code anon:} + the id). That set is closed: no other event's person, session,
 * journey or order can change.
 *
 * <p>The event_id needs no search of its own. Ingest deduplicates a run's records against every
 * published event, so a published event holding the event_id of an added record is either
 * replaced by it (then it is a removed record) or wins (then the record is not added); and every
 * event has a customer_id or an anonymous_id, through which the removed record's own person is
 * found.
 */
public final class AffectedPersons {
  private AffectedPersons() {}

  /** The one column of {@link #of}'s result (a name of its own, so joins with the tables are unambiguous). */
  public static final String PERSON = "_affected_person";

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
   * The affected persons. {@code published}: the published events (with their person key);
   * {@code seeds}: the {@link #seeds} of the records added and removed, broadcast when
   * {@code fewSeeds}; {@code added}: the clean events added; {@code links}: the
   * {@link Identity#links} of the events after the change, at least those of the seeds' anonymous_ids;
   * {@code lookback}: the stitch lookback; {@code added} and the removed records among the seeds
   * must be the outcome of ingest's deduplication against every published event (see the class
   * comment). Filtered scans of the published events: one of the contacts (the cases of the seeds'
   * orders), then one per key kind, each reading that column (a pass that exploded every event's
   * keys cost more); a seed customer_id needs none.
   */
  public static Dataset<Row> of(Dataset<Row> published, Dataset<Row> seeds, boolean fewSeeds, Dataset<Row> added,
      Dataset<Row> links, java.time.Duration lookback) {
    Dataset<Row> seedOrders = seeds.where(col(KIND).equalTo("o")).select(col(VALUE).as("_seed_order"));
    Dataset<Row> casesOfSeedOrders = published
        .where(col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT).and(col(EventContract.CASE_ID).isNotNull()))
        .join(fewSeeds ? broadcast(seedOrders) : seedOrders,
            col(EventContract.ORDER_ID).equalTo(col("_seed_order")), "left_semi")
        .select(lit("k").as(KIND), col(EventContract.CASE_ID).as(VALUE));
    Dataset<Row> allSeeds = seeds.unionByName(casesOfSeedOrders).distinct();
    Dataset<Row> touched = sharing(published, allSeeds, fewSeeds, "a", col(EventContract.ANONYMOUS_ID))
        .unionByName(sharing(published, allSeeds, fewSeeds, "o", col(EventContract.ORDER_ID)))
        .unionByName(sharing(published, allSeeds, fewSeeds, "k",
            when(col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT), col(EventContract.CASE_ID))))
        // An event with a customer_id is that customer's: those seeds are persons without a scan.
        .unionByName(seeds.where(col(KIND).equalTo("c")).select(col(VALUE).as(EventsContract.PERSON_KEY)));
    Dataset<Row> anonymous = seeds.where(col(KIND).equalTo("a")).select(col(VALUE).as("_anon"));
    Dataset<Row> stitchedTo = anonymous.join(Identity.everLinked(links), col("_anon").equalTo(col(Identity.LINK_ANON)))
        .select(col(Identity.LINKED).as(EventsContract.PERSON_KEY));
    Dataset<Row> unstitched = anonymous.select(
        concat(lit(Identity.ANON_PREFIX), col("_anon")).as(EventsContract.PERSON_KEY));
    Dataset<Row> addedPersons = Identity.stitch(added, links, lookback).select(col(EventsContract.PERSON_KEY));
    return touched.unionByName(stitchedTo).unionByName(unstitched).unionByName(addedPersons).distinct()
        .select(col(EventsContract.PERSON_KEY).as(PERSON));
  }

  /**
   * The person_keys of the {@code published} events whose {@code column} holds a seed value of
   * {@code kind}.
   */
  private static Dataset<Row> sharing(Dataset<Row> published, Dataset<Row> seeds, boolean fewSeeds, String kind,
      Column column) {
    Dataset<Row> values = seeds.where(col(KIND).equalTo(kind)).select(col(VALUE).as("_seed_value"));
    return published.where(column.isNotNull())
        .join(fewSeeds ? broadcast(values) : values, column.equalTo(col("_seed_value")), "left_semi")
        .select(col(EventsContract.PERSON_KEY));
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
