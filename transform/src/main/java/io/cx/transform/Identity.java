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

  private static final String LINKED = "_linked_customer";

  /**
   * Adds {@link EventsContract#PERSON_KEY}: the customer_id when present; otherwise the customer_id
   * last seen together with the event's anonymous_id (latest event_time, ties: greatest
   * customer_id), so a visitor who logs in later is stitched to the customer also for the visits
   * before; otherwise {@code anon:} + anonymous_id.
   */
  public static Dataset<Row> stitch(Dataset<Row> events) {
    Dataset<Row> links = events
        .where(col(CUSTOMER_ID).isNotNull().and(col(ANONYMOUS_ID).isNotNull()))
        .groupBy(col(ANONYMOUS_ID).as(LINKED + "_anon"))
        .agg(max_by(col(CUSTOMER_ID), struct(col(EVENT_TIME), col(CUSTOMER_ID))).as(LINKED));
    // One row per linked visitor: small next to the events, so it is broadcast instead of shuffling them.
    return events
        .join(broadcast(links), col(ANONYMOUS_ID).equalTo(col(LINKED + "_anon")), "left")
        .withColumn(PERSON_KEY, coalesce(col(CUSTOMER_ID), col(LINKED), concat(lit("anon:"), col(ANONYMOUS_ID))))
        .drop(LINKED, LINKED + "_anon");
  }
}
