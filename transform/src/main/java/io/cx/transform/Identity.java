package io.cx.transform;

import static io.cx.ingest.EventContract.ANONYMOUS_ID;
import static io.cx.ingest.EventContract.CUSTOMER_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.transform.EventsContract.PERSON_KEY;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Identity stitching: gives every event the person it belongs to. */
public final class Identity {
  private Identity() {}

  /**
   * Adds {@link EventsContract#PERSON_KEY}: the customer_id when present; otherwise the customer_id
   * last seen together with the event's anonymous_id (latest event_time, ties: greatest
   * customer_id), so a visitor who logs in later is stitched to the customer also for the visits
   * before; otherwise {@code anon:} + anonymous_id.
   */
  public static Dataset<Row> stitch(Dataset<Row> events) {
    return stitch(events, links(events));
  }

  /**
   * The stitching links of some events: one row per anonymous_id seen together with a
   * customer_id, and the customer it stitches to. A run that re-stitches only some persons passes
   * the links of all events to {@link #stitch(Dataset, Dataset)}.
   */
  public static Dataset<Row> links(Dataset<Row> events) {
    return events
        .where(col(CUSTOMER_ID).isNotNull().and(col(ANONYMOUS_ID).isNotNull()))
        .groupBy(col(ANONYMOUS_ID).as(LINK_ANON))
        .agg(max_by(col(CUSTOMER_ID), struct(col(EVENT_TIME), col(CUSTOMER_ID))).as(LINKED));
  }

  /** Adds the person key to events, given the {@link #links} of all events. */
  public static Dataset<Row> stitch(Dataset<Row> events, Dataset<Row> links) {
    // One row per linked visitor: small next to the events, so it is broadcast instead of shuffling them.
    return events
        .join(broadcast(links), col(ANONYMOUS_ID).equalTo(col(LINK_ANON)), "left")
        .withColumn(PERSON_KEY, personKey(col(CUSTOMER_ID), col(LINKED), col(ANONYMOUS_ID)))
        .drop(LINKED, LINK_ANON);
  }

  /** The person key of an event from its customer_id, the customer its anonymous_id links to, and that id. */
  public static org.apache.spark.sql.Column personKey(org.apache.spark.sql.Column customer,
      org.apache.spark.sql.Column linked, org.apache.spark.sql.Column anonymous) {
    return coalesce(customer, linked, concat(lit(ANON_PREFIX), anonymous));
  }

  /** Columns of {@link #links}: the anonymous id, and the customer it stitches to. */
  public static final String LINK_ANON = "_link_anonymous_id";
  public static final String LINKED = "_linked_customer";
  static final String ANON_PREFIX = "anon:";
}
