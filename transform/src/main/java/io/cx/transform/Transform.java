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

  /** The names of the detail tables. */
  public static final String EVENTS = "events";
  public static final String SESSIONS = "sessions";
  public static final String JOURNEYS = "journeys";
  public static final String ORDERS = "orders";
  public static final String CUSTOMERS = "customers";

  /**
   * Where a detail table goes once built: a run writes it and hands back the written rows (later
   * tables read those, so their plans stay small and they see exactly what is published); a test
   * hands back the plan itself.
   */
  @FunctionalInterface
  public interface Stage {
    Dataset<Row> apply(String table, Dataset<Row> rows);
  }

  /**
   * The detail tables of a full run, in the order they are built, each read by the next ones as
   * {@code stage} hands it back. {@code enriched} is read by events, journeys and sessions: the
   * caller persists it.
   */
  public static Result tables(Dataset<Row> enriched, TransformSettings s, Stage stage) {
    Dataset<Row> events = stage.apply(EVENTS, publishedEvents(enriched));
    // The planner settings only matter when the plan is made, which is when the table is written.
    Dataset<Row> journeys = io.cx.spark.PlannerSettings.during(enriched.sparkSession(), Journeys.PLANNING,
        () -> stage.apply(JOURNEYS, Journeys.table(enriched, s)));
    Dataset<Row> sessions = stage.apply(SESSIONS, Sessions.table(enriched, s.reportingTimeZone()));
    Dataset<Row> orders = stage.apply(ORDERS, Orders.table(events, s));
    Dataset<Row> customers = stage.apply(CUSTOMERS, Customers.table(events, orders, s));
    return new Result(events, sessions, journeys, orders, customers, Orders.linkage(events, orders, s));
  }

  /** The published events of enriched ones: the contract's columns, the keys transform added, lineage, date. */
  public static Dataset<Row> publishedEvents(Dataset<Row> enriched) {
    java.util.List<org.apache.spark.sql.Column> cols = new java.util.ArrayList<>();
    io.cx.ingest.EventContract.COLUMNS.forEach(c -> cols.add(col(c)));
    for (String c : java.util.List.of(EventsContract.PERSON_KEY, EventsContract.SESSION_KEY, EventsContract.JOURNEY_ID,
        io.cx.ingest.EventContract.SOURCE_FILE, io.cx.ingest.EventContract.LOADED_DATE,
        io.cx.ingest.EventContract.DATE)) {
      cols.add(col(c));
    }
    return events(enriched).select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }
}
