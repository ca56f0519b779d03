package io.cx.transform;

import static io.cx.ingest.EventContract.ANONYMOUS_ID;
import static io.cx.ingest.EventContract.CUSTOMER_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.transform.EventsContract.PERSON_KEY;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Identity stitching: gives every event the person it belongs to.
 *
 * <p>A <em>link</em> is an event that carries both an anonymous_id and a customer_id. An event
 * with a customer_id belongs to that customer. An event without one belongs to the customer of
 * the latest link of its anonymous_id whose time is at most the stitch lookback after the event
 * (latest event_time; ties: greatest customer_id), so a login stitches the visits of the lookback
 * before it and later anonymous visits on that device; otherwise to {@code anon:} + anonymous_id.
 */
public final class Identity {
  private Identity() {}

  /** Stitches events against their own links. */
  public static Dataset<Row> stitch(Dataset<Row> events, Duration lookback) {
    return stitch(events, links(events), lookback);
  }

  /**
   * The stitching links of some events (with their date): one row per anonymous_id seen together
   * with a customer_id, with the times from which each customer is the latest link, in time order
   * ({@link #LINKS}: (time, customer), the first link of each run of links to one customer, as
   * {@link CrossDateKeys} keeps them). A run that re-stitches only some persons passes the links of
   * all events to {@link #stitch}.
   */
  public static Dataset<Row> links(Dataset<Row> events) {
    return CrossDateKeys.links(CrossDateKeys.of(events));
  }

  /** Adds the person key to events, given the {@link #links} of all events and the stitch lookback. */
  public static Dataset<Row> stitch(Dataset<Row> events, Dataset<Row> links, Duration lookback) {
    long lookbackMicros = lookback.toNanos() / 1000;
    Column eventMicros = unix_micros(col(EVENT_TIME));
    // The links up to the lookback after the event; the latest of them (sorted, so the greatest).
    Column latest = array_max(filter(col(LINKS),
        l -> unix_micros(l.getField(LINK_TIME)).leq(eventMicros.plus(lookbackMicros))));
    // One row per linked visitor: small next to the events, so it is broadcast instead of shuffling them.
    return events
        .join(broadcast(links), col(ANONYMOUS_ID).equalTo(col(LINK_ANON)), "left")
        .withColumn(PERSON_KEY, personKey(col(CUSTOMER_ID), latest.getField(LINKED), col(ANONYMOUS_ID)))
        .drop(LINKS, LINK_ANON);
  }

  /** Every customer an anonymous_id of {@code links} is ever linked to, as (anonymous_id, customer). */
  public static Dataset<Row> everLinked(Dataset<Row> links) {
    return links.select(col(LINK_ANON), explode(col(LINKS)).as("_link"))
        .select(col(LINK_ANON), col("_link." + LINKED).as(LINKED));
  }

  /** The person key of an event from its customer_id, the customer its anonymous_id links to, and that id. */
  public static Column personKey(Column customer, Column linked, Column anonymous) {
    return coalesce(customer, linked, concat(lit(ANON_PREFIX), anonymous));
  }

  /** Columns of {@link #links}: the anonymous id, and its links in time order. */
  public static final String LINK_ANON = "_link_anonymous_id";
  public static final String LINKS = "_links";
  /** Fields of a link, and the columns of {@link #everLinked}. */
  public static final String LINK_TIME = "_link_time";
  public static final String LINKED = "_linked_customer";
  static final String ANON_PREFIX = "anon:";
}
