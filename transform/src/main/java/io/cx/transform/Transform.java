package io.cx.transform;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The transform stage over clean events: who, which session, which journey; then the detail tables. */
public final class Transform {
  private Transform() {}

  /** The detail tables, each a plan over {@link #events}, which the caller should persist. */
  public record Result(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
      Dataset<Row> customers, Dataset<Row> linkage) {}

  /**
   * Clean events with person, session and journey keys (and the journey helper columns), in the
   * form the sessions and journeys tables read; {@link #events} turns them into flat rows.
   */
  public static Dataset<Row> enrich(Dataset<Row> cleanEvents, TransformSettings s) {
    return enrich(cleanEvents, Identity.links(cleanEvents), Journeys.purchasedOrders(cleanEvents), s);
  }

  /**
   * Enriches the complete histories of some persons, given what links them to everybody else:
   * the {@link Identity#links} and the {@link Journeys#purchasedOrders} of all events. The result
   * equals what {@link #enrich(Dataset, TransformSettings)} over all events gives those persons.
   */
  public static Dataset<Row> enrich(Dataset<Row> cleanEvents, Dataset<Row> links, Dataset<Row> purchasedOrders,
      TransformSettings s) {
    // Sessions and journeys are cut along each person's timeline: one shuffle by person serves
    // both, and the broadcast join that marks post-purchase events keeps that partitioning.
    Dataset<Row> people = Timeline.pack(Identity.stitch(cleanEvents, links))
        .repartition(col(EventsContract.PERSON_KEY));
    return Timeline.cut(Journeys.markPostPurchase(people, purchasedOrders), s);
  }

  /**
   * The events of {@link #enrich}'s result as flat rows: the clean events' columns and the three
   * keys, without the helpers (a projection; the enriched rows keep most columns in one struct).
   */
  public static Dataset<Row> events(Dataset<Row> enriched) {
    return Timeline.unpack(Journeys.withoutHelpers(enriched));
  }

  /** The tables built from enriched (and ideally persisted) events. */
  public static Result tables(Dataset<Row> enriched, TransformSettings s) {
    Dataset<Row> journeys = Journeys.table(enriched, s);
    Dataset<Row> events = events(enriched);
    Dataset<Row> orders = Orders.table(events, s);
    return new Result(events, Sessions.table(events, s.reportingTimeZone()), journeys, orders,
        Customers.table(events, orders, s), Orders.linkage(events, orders, s));
  }
}
