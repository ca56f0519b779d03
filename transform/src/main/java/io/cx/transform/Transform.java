package io.cx.transform;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The transform stage over clean events: who, which session, which journey; then the detail tables. */
public final class Transform {
  private Transform() {}

  /**
   * Clean events with person, session and journey keys (and the journey helper columns), in the
   * form the sessions and journeys tables read; {@link #events} turns them into flat rows.
   */
  public static Dataset<Row> enrich(Dataset<Row> cleanEvents, TransformSettings s) {
    return enrich(cleanEvents, CrossDateKeys.of(cleanEvents), s, (name, rows) -> rows);
  }

  /**
   * {@link #enrich(Dataset, TransformSettings)}, given the events' {@link CrossDateKeys}, keeping
   * the events cut along the timeline in {@code scratch}.
   */
  static Dataset<Row> enrich(Dataset<Row> cleanEvents, Dataset<Row> keys, TransformSettings s, Scratch scratch) {
    Dataset<Row> purchased = CrossDateKeys.purchasedOrders(keys);
    return enrich(cleanEvents, CrossDateKeys.links(keys), purchased, CrossDateKeys.postPurchaseCases(keys, purchased),
        s, scratch);
  }

  /**
   * Enriches the complete histories of some persons, given what links them to everybody else:
   * the {@link Identity#links}, the {@link CrossDateKeys#purchasedOrders} and the
   * {@link CrossDateKeys#postPurchaseCases} of all events. The result
   * equals what {@link #enrich(Dataset, TransformSettings)} over all events gives those persons.
   * The events cut along the timeline are read twice (to cut the journeys that are too long, see
   * {@link Journeys#capLength}), so they are kept in {@code scratch} first.
   */
  public static Dataset<Row> enrich(Dataset<Row> cleanEvents, Dataset<Row> links, Dataset<Row> purchasedOrders,
      Dataset<Row> postPurchaseCases, TransformSettings s, Scratch scratch) {
    // Sessions and journeys are cut along each person's timeline: one shuffle by person serves
    // both, and the broadcast join that marks post-purchase events keeps that partitioning.
    Dataset<Row> people = Timeline.pack(Identity.stitch(Journeys.unpinnedIfAbsent(cleanEvents), links,
            s.stitchLookback()))
        .repartition(col(EventsContract.PERSON_KEY));
    Dataset<Row> cut = scratch.keep("timeline",
        Timeline.cut(Journeys.markPostPurchase(people, purchasedOrders, postPurchaseCases), s));
    return Journeys.capLength(cut, s);
  }

  /**
   * The detail tables of a run that builds every date: {@link #enrich}, with the timelines it cuts
   * held in memory (and on disk) until {@link #tables} has staged the tables that read them, then
   * released. {@code enrichment} runs the enrichment (it runs a job: cutting journeys to their
   * maximum length counts the events beyond it), for example under a timer.
   */
  public static Detail everyDate(Dataset<Row> cleanEvents, TransformSettings s, Stage stage,
      java.util.function.Function<java.util.function.Supplier<Dataset<Row>>, Dataset<Row>> enrichment,
      java.util.Optional<Dataset<Row>> attributes) {
    java.util.List<Dataset<Row>> held = new java.util.ArrayList<>();
    // What is held is handed back under a filter that keeps every row: Dataset.union flattens the
    // unions it is given (Spark's CombineUnions, applied when the union is built), so a held union
    // (the key rows are one) put into another would no longer be found in the cache, and would be
    // computed again.
    Scratch hold = (name, rows) -> {
      held.add(rows.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
      return rows.where(org.apache.spark.sql.functions.lit(true));
    };
    try {
      Dataset<Row> keys = hold.keep("cross_date_keys", CrossDateKeys.of(cleanEvents));
      Dataset<Row> enriched = enrichment.apply(() -> enrich(cleanEvents, keys, s, hold));
      Detail detail = tables(enriched, s, stage, attributes);
      // The person rows from the staged events; the tables after this one read the staged rows.
      Dataset<Row> staged = stage.whole(CrossDateKeys.TABLE, CrossDateKeys.published(
          keys.unionByName(CrossDateKeys.ofPersons(detail.current().events()))));
      return new Detail(detail.current().withFirsts(CrossDateKeys.firsts(staged)), detail.customers(),
          detail.changes(), detail.seconds());
    } finally {
      held.forEach(Dataset::unpersist);
    }
  }

  /**
   * The events of {@link #enrich}'s result as flat rows: the clean events' columns and the three
   * keys, without the helpers (a projection; the enriched rows keep most columns in one struct).
   */
  public static Dataset<Row> events(Dataset<Row> enriched) {
    return Timeline.unpack(Journeys.withoutHelpers(enriched));
  }

  /**
   * The detail tables of a run that builds every date, in the order of {@link DetailTable#DECLARED},
   * each read by the next ones as {@code stage} hands it back. {@code enriched} is read by events,
   * journeys and sessions: the caller persists it.
   */
  public static Detail tables(Dataset<Row> enriched, TransformSettings s, Stage stage) {
    return tables(enriched, s, stage, java.util.Optional.empty());
  }

  /** {@link #tables(Dataset, TransformSettings, Stage)}, with the run's customer attributes on {@code customers}. */
  public static Detail tables(Dataset<Row> enriched, TransformSettings s, Stage stage,
      java.util.Optional<Dataset<Row>> attributes) {
    Dataset<Row> events = stage.whole(DetailTable.EVENTS.name(), publishedEvents(enriched));
    // The planner settings only matter when the plan is made, which is when the table is written.
    Dataset<Row> journeys = io.cx.spark.PlannerSettings.during(enriched.sparkSession(), Journeys.PLANNING,
        () -> stage.whole(DetailTable.JOURNEYS.name(), Journeys.table(enriched, s)));
    Dataset<Row> sessions = stage.whole(DetailTable.SESSIONS.name(), Sessions.table(enriched, s.reportingTimeZone()));
    Dataset<Row> orders = stage.whole(DetailTable.ORDERS.name(), Orders.table(events, s));
    Dataset<Row> customers = stage.whole(DetailTable.CUSTOMERS.name(), Customers.table(events, orders, s, attributes));
    java.util.List<String> months = ByMonth.months(events, io.cx.ingest.EventContract.DATE);
    Dataset<Row> sparse = SparseEvents.whole(stage, events, months);
    EventIds.whole(stage, events, months);
    return new Detail(new DetailTables(events, sessions, journeys, orders, customers,
        CrossDateKeys.firsts(CrossDateKeys.ofPersons(events)), sparse), customers, java.util.Optional.empty(),
        java.util.Map.of());
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
