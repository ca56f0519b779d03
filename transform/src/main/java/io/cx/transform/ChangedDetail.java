package io.cx.transform;

import static io.cx.transform.AffectedPersons.rowsOf;
import static io.cx.transform.AffectedPersons.rowsOfOthers;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import io.cx.spark.JobDescription;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detail tables of a run by date over published output, restating only the dates whose rows
 * the run's records change.
 *
 * <p>Only the run's {@link ReadWindow} of published events is read; what links them to other
 * dates (stitching links, purchased orders, support cases about them) comes from the published
 * {@link CrossDateKeys}, those of the keys the run's records carry derived again. The
 * {@link AffectedPersons affected persons} are found among the window's events, and each one's events
 * are enriched again within their {@link PersonSpans span} (those before their change pinned to
 * their published journeys),
 * and their rows on each table's open dates are compared with what is published: the dates whose
 * rows differ are the partitions to restate. Orders and customers look further back through the
 * published orders and a few columns of the earlier events. Outside the affected persons only the
 * as-of time moves, which closes quiet open journeys and re-evaluates churn (the customers
 * snapshot is restated whole). On the open dates the result equals a full
 * recomputation; the partitions before them are final.
 */
public final class ChangedDetail {
  private static final Logger LOG = LoggerFactory.getLogger(ChangedDetail.class);

  /** Up to this many keys, a key set is sent to every task rather than shuffled against the tables. */
  public static final long BROADCAST_ROWS = 1_000_000;

  private ChangedDetail() {}

  /**
   * The published detail tables, with the internal {@link CrossDateKeys}, {@link SparseEvents} and
   * {@link EventIds} (as read, partition column included) where the output has them.
   */
  public record Published(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
      Dataset<Row> customers, Optional<Dataset<Row>> keys, Optional<Dataset<Row>> sparse,
      Optional<Dataset<Row>> eventIds) {

    /** Published tables of an output without {@link EventIds} (written before they were kept). */
    public Published(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
        Dataset<Row> customers, Optional<Dataset<Row>> keys, Optional<Dataset<Row>> sparse) {
      this(events, sessions, journeys, orders, customers, keys, sparse, Optional.empty());
    }

    /** Published tables of an output without {@link SparseEvents} (written before they were kept). */
    public Published(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
        Dataset<Row> customers, Optional<Dataset<Row>> keys) {
      this(events, sessions, journeys, orders, customers, keys, Optional.empty());
    }

    /** Published tables of an output without {@link CrossDateKeys} (written before they were kept). */
    public Published(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
        Dataset<Row> customers) {
      this(events, sessions, journeys, orders, customers, Optional.empty());
    }
  }

  /**
   * Stages the detail tables. {@code added}: the run's clean events ({@link EventContract#CLEAN_COLUMNS});
   * {@code removed}: the event_ids of published events the run replaces (those loaded for its
   * dates, and those its records displaced as duplicates); {@code window}: the dates it reads and
   * may restate.
   */
  public static Detail build(Published pub, Dataset<Row> added, Dataset<Row> removed, TransformSettings ts,
      ReadWindow window, Scratch scratch, Stage stage) {
    return build(pub, added, removed, ts, window, scratch, stage, Optional.empty());
  }

  /** {@link #build(Published, Dataset, Dataset, TransformSettings, ReadWindow, Scratch, Stage)} with the run's customer attributes. */
  public static Detail build(Published pub, Dataset<Row> added, Dataset<Row> removed, TransformSettings ts,
      ReadWindow window, Scratch scratch, Stage stage, Optional<Dataset<Row>> attributes) {
    org.apache.spark.SparkContext sc = added.sparkSession().sparkContext();
    String before = JobDescription.current(sc);
    try {
      return build(pub, added, removed, ts, window, scratch, stage, attributes, sc, before);
    } finally {
      JobDescription.restore(sc, before);
    }
  }

  /** The seconds of finding the affected persons, in {@link Detail#seconds}; its jobs are described so too. */
  public static final String FIND_AFFECTED = "find affected persons";
  /** The seconds of re-deriving and comparing their rows, in {@link Detail#seconds}; its jobs are described so too. */
  public static final String RE_DERIVE = "re-derive and compare their rows";

  private static Detail build(Published pub, Dataset<Row> added, Dataset<Row> removed, TransformSettings ts,
      ReadWindow window, Scratch scratch, Stage stage, Optional<Dataset<Row>> attributes,
      org.apache.spark.SparkContext sc, String outerDescription) {
    long t0 = System.nanoTime();
    JobDescription.set(sc, FIND_AFFECTED);
    Map<String, Double> seconds = new LinkedHashMap<>();
    Dataset<Row> removedIds = scratch.keep("removed",
        removed.select(col(EventContract.EVENT_ID).as("_removed_id")).distinct());
    added = scratch.keep("added", added);
    Column isRemoved = col(EventContract.EVENT_ID).equalTo(col("_removed_id"));
    // Only the read window's events are read: the records replaced are dated inside it.
    Dataset<Row> windowEvents = window.read(pub.events(), EventContract.DATE);
    // A night that loads its date for the first time usually replaces nothing: then the window is
    // read without the event_id column the replaced rows are found by (a scan of every row's id).
    boolean replacesNone = removedIds.isEmpty();
    java.util.function.UnaryOperator<Dataset<Row>> withoutReplaced =
        df -> replacesNone ? df : df.join(removedIds, isRemoved, "left_anti");
    Dataset<Row> kept = withoutReplaced.apply(windowEvents);
    Dataset<Row> removedRows = replacesNone ? windowEvents.limit(0)
        : windowEvents.join(removedIds, isRemoved, "left_semi");
    Dataset<Row> seeds = scratch.keep("seeds",
        AffectedPersons.seeds(removedRows.select(cleanColumns()).unionByName(added)));
    boolean fewSeeds = seeds.count() <= BROADCAST_ROWS;
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
            datedFrom(kept, keysChangeFrom).select(cleanColumns()).unionByName(added), keysChangeFrom)));
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
    long affected = counted.getLong(0);
    seconds.put(FIND_AFFECTED, secondsSince(t0));
    LOG.info("{} affected persons, {} of whom may lose events ({} s)", affected, counted.getLong(1),
        seconds.get(FIND_AFFECTED));
    long t1 = System.nanoTime();
    JobDescription.set(sc, RE_DERIVE);
    Dataset<Row> spans = affected <= BROADCAST_ROWS ? broadcast(spanRows) : spanRows;
    Dataset<Row> affectedRows = spanRows.select(col(AffectedPersons.PERSON));
    Dataset<Row> persons = affected <= BROADCAST_ROWS ? broadcast(affectedRows) : affectedRows;
    // Their events of the read window (the ones the run replaces included), read from it once: the
    // steps below read them several times, and they are a small share of the window.
    Dataset<Row> theirWindowEvents = scratch.keep("their_window_events",
        rowsOf(windowEvents, persons, EventsContract.PERSON_KEY));
    Dataset<Row> theirKept = withoutReplaced.apply(theirWindowEvents);

    Dataset<Row> windowJourneys = window.read(pub.journeys(), JourneysContract.DATE);
    // Each person's events from their own read start, pinned before their own change.
    // Those who only gain events are read from the first date their re-derived journeys and
    // sessions hold, not from the furthest such a journey could reach back.
    Dataset<Row> readSpans = scratch.keep("read_spans", PersonSpans.narrowed(spanRows, theirWindowEvents, ts));
    Row readFrom = readSpans.agg(
        org.apache.spark.sql.functions.min(when(col(AffectedPersons.LOSES), col(PersonSpans.READ_FROM))),
        org.apache.spark.sql.functions.min(when(col(AffectedPersons.LOSES).unary_$bang(), col(PersonSpans.READ_FROM))))
        .first();
    LOG.info("their events are read from {} at the earliest (those who may lose events) and from {} (the others)",
        readFrom.get(0) == null ? "-" : readFrom.get(0), readFrom.get(1) == null ? "-" : readFrom.get(1));
    Dataset<Row> history = PersonSpans.pinned(PersonSpans.spanned(theirKept,
            affected <= BROADCAST_ROWS ? broadcast(readSpans) : readSpans, EventsContract.PERSON_KEY),
        rowsOf(windowJourneys, persons, JourneysContract.PERSON_KEY))
        .unionByName(Journeys.unpinnedIfAbsent(added));
    // Their events without the pins, for the columns that look up key rows.
    Dataset<Row> theirEvents = theirKept.select(cleanColumns())
        .unionByName(added);
    Dataset<Row> links = linksOf(scratch, "links", keys, theirEvents.select(col(EventContract.ANONYMOUS_ID))
        .where(col(EventContract.ANONYMOUS_ID).isNotNull()));
    // Post-purchase marking needs the purchases and cases that their events name.
    Dataset<Row> named = scratch.keep("named", CrossDateKeys.named(theirEvents));
    Dataset<Row> cases = scratch.keep("cases", keys.casesOf(named));
    Dataset<Row> purchased = scratch.keep("purchased", keys.purchasedAmong(named, cases));
    Dataset<Row> postPurchaseCases = scratch.keep("post_purchase_cases",
        CrossDateKeys.postPurchaseCases(cases, purchased));
    Dataset<Row> enriched = Transform.enrich(history, links, purchased, postPurchaseCases, ts, scratch);
    // The affected persons' new rows, each read several times (compare, restate, the tables after it).
    // Their events of the read window after the change: as published before each one's change,
    // derived again from there on.
    Dataset<Row> eventsNew = scratch.keep("events",
        PersonSpans.onOrAfter(like(Transform.publishedEvents(enriched), pub.events()), spans,
                EventsContract.PERSON_KEY, EventContract.DATE, PersonSpans.CHANGED_FROM, true)
            .unionByName(PersonSpans.onOrAfter(theirKept, spans, EventsContract.PERSON_KEY, EventContract.DATE,
                PersonSpans.CHANGED_FROM, false)));
    Dataset<Row> sessionsNew = scratch.keep("sessions", like(openSessions(eventsNew, window, ts), pub.sessions()));
    Dataset<Row> journeysOfPersons = io.cx.spark.PlannerSettings.during(enriched.sparkSession(), Journeys.PLANNING,
        () -> scratch.keep("journeys", PersonSpans.journeysOf(like(window.open(Journeys.table(enriched, ts),
            DetailTable.JOURNEYS), pub.journeys()), window.open(pub.journeys(), DetailTable.JOURNEYS), spans, ts)));
    // Read twice (as published and reassessed), from a scan of the whole window's journeys: kept once.
    Dataset<Row> openOfOthers = scratch.keep("open_journeys_of_others", openJourneysOfOthers(windowJourneys, persons));
    Dataset<Row> journeysNew = journeysOfPersons.unionByName(Journeys.reassessOpen(openOfOthers, ts));
    Dataset<Row> journeysOld = rowsOf(window.open(pub.journeys(), DetailTable.JOURNEYS), persons,
        JourneysContract.PERSON_KEY).unionByName(openOfOthers);
    Dataset<Row> priorOrders = rowsOf(window.before(pub.orders(), OrdersContract.DATE), persons,
        OrdersContract.CUSTOMER_ID);
    Dataset<Row> ordersNew = scratch.keep("orders",
        like(ordersOf(scratch, eventsNew, kept, persons, priorOrders, ts), pub.orders()));

    DetailChanges changes = new DetailChanges(
        DetailTable.EVENTS.changes(window.open(theirWindowEvents, DetailTable.EVENTS),
            window.open(eventsNew, DetailTable.EVENTS)),
        DetailTable.SESSIONS.changes(openRowsOf(window, DetailTable.SESSIONS, pub.sessions(), persons),
            window.open(sessionsNew, DetailTable.SESSIONS)),
        DetailTable.JOURNEYS.changes(journeysOld, journeysNew),
        DetailTable.ORDERS.changes(openRowsOf(window, DetailTable.ORDERS, pub.orders(), persons),
            window.open(ordersNew, DetailTable.ORDERS)));
    seconds.put(RE_DERIVE, secondsSince(t1));
    LOG.info("re-derived the affected persons' rows; changed dates: events {}, sessions {}, journeys {}, orders {} ({} s)",
        changes.events().dates().size(), changes.sessions().dates().size(), changes.journeys().dates().size(),
        changes.orders().dates().size(), seconds.get(RE_DERIVE));
    // The tables below are staged in steps that describe their own jobs.
    JobDescription.restore(sc, outerDescription);

    Dataset<Row> events = restate(stage, DetailTable.EVENTS, pub.events(), persons, eventsNew, changes.events());
    Dataset<Row> journeys = restate(stage, DetailTable.JOURNEYS, Journeys.reassessOpen(pub.journeys(), ts), persons,
        journeysOfPersons, changes.journeys());
    Dataset<Row> sessions = restate(stage, DetailTable.SESSIONS, pub.sessions(), persons, sessionsNew,
        changes.sessions());
    Dataset<Row> orders = restate(stage, DetailTable.ORDERS, pub.orders(), persons, ordersNew, changes.orders());
    // RFM scores are relative to every customer: the published rows lose theirs (and the attributes
    // of the run that published them) and all are scored again.
    Dataset<Row> base = Customers.asBase(pub.customers());
    Dataset<Row> customers = stage.whole(DetailTable.CUSTOMERS.name(),
        Customers.finish(rowsOfOthers(like(Customers.reassess(pub.customers(), ts), base), persons,
            CustomersContract.CUSTOMER_ID)
            .unionByName(like(customersOf(pub, theirWindowEvents, eventsNew, ordersNew, persons, window, ts, scratch), base)),
            attributes));
    // The affected persons' first-seen and first-cart rows, from their rows dated before the window
    // and their events in it after the change.
    // (A broadcast hint is put on a whole key set: one on a branch of a union is not a join's.)
    Dataset<Row> touchedPersons = CrossDateKeys.touchedPersons(affectedRows);
    boolean fewPersons = affected <= BROADCAST_ROWS;
    Dataset<Row> touchedAll = touched.unionByName(touchedPersons);
    CrossDateKeys.Current after = CrossDateKeys.Current.of(publishedKeys,
        fewSeeds && fewPersons ? broadcast(touchedAll) : touchedAll,
        keys.changed().unionByName(scratch.keep("changed_person_keys", CrossDateKeys.changedPersons(publishedKeys,
            fewPersons ? broadcast(touchedPersons) : touchedPersons, eventsNew, window.readFrom()))));
    // The key rows of the months the window reaches into (the earlier months are final), or all
    // of them for an output that had none (or none of the persons').
    LocalDate keysFrom = window.readFrom().withDayOfMonth(1);
    Dataset<Row> stagedKeys = keysComplete
        ? stage.apply(CrossDateKeys.TABLE, CrossDateKeys.published(after.rows()), Dates.between(keysFrom, PublishedKeys.lastRestated(ts)))
        : stage.whole(CrossDateKeys.TABLE, CrossDateKeys.published(after.rows()));
    // The months of every event, listed only for an output that lacks one of the two tables below.
    List<String> allMonths = pub.sparse().isPresent() && pub.eventIds().isPresent() ? List.of()
        : ByMonth.months(events, EventContract.DATE);
    // The sparse events of the restated event dates, or of every event for an output that has none.
    Dataset<Row> sparse = pub.sparse().isPresent() ? SparseEvents.restate(stage, events, Dates.of(changes.events().dates()))
        : SparseEvents.whole(stage, events, allMonths);
    // The event_ids of the restated event dates, or of every event for an output that has none.
    if (pub.eventIds().isPresent()) {
      EventIds.restate(stage, events, Dates.of(changes.events().dates()));
    } else {
      EventIds.whole(stage, events, allMonths);
    }
    return new Detail(new DetailTables(events, sessions, journeys, orders, customers, CrossDateKeys.firsts(stagedKeys),
        sparse),
        customers, Optional.of(changes), seconds);
  }

  /** The published rows of the affected persons on the table's open dates. */
  private static Dataset<Row> openRowsOf(ReadWindow window, DetailTable table, Dataset<Row> published,
      Dataset<Row> persons) {
    return rowsOf(window.open(published, table), persons, table.personColumn());
  }

  /**
   * The customer rows of the affected persons: from their events of the read window
   * ({@code theirWindowEvents}, before the change), what the
   * published snapshot tells of their events before it ({@link SeenOfAffected}), and their orders,
   * published where final.
   */
  private static Dataset<Row> customersOf(Published pub, Dataset<Row> theirWindowEvents, Dataset<Row> eventsNew,
      Dataset<Row> ordersNew, Dataset<Row> persons, ReadWindow window, TransformSettings ts, Scratch scratch) {
    Dataset<Row> seen = SeenOfAffected.of(rowsOf(pub.customers(), persons, CustomersContract.CUSTOMER_ID),
        theirWindowEvents, eventsNew,
        rowsOf(window.before(pub.events(), EventContract.DATE), persons, EventsContract.PERSON_KEY), scratch);
    java.sql.Date ordersOpen = java.sql.Date.valueOf(window.firstOpen(DetailTable.ORDERS).orElseThrow());
    Dataset<Row> orders = rowsOf(pub.orders().where(col(OrdersContract.DATE).lt(lit(ordersOpen))), persons,
        OrdersContract.CUSTOMER_ID).unionByName(window.open(ordersNew, DetailTable.ORDERS));
    return rowsOf(Customers.fromSeen(seen, orders, ts), persons, CustomersContract.CUSTOMER_ID);
  }

  /**
   * The sessions of {@code events} that are dated on the sessions' open dates: those whose
   * events are all dated from {@link ReadWindow#sessionEventsFrom} on (a session holding an
   * earlier event is dated before the open dates). Only the events from there on are aggregated,
   * not every event of the affected persons' read window; the sessions that also hold earlier
   * ones are then left out, so that none is aggregated from part of its events.
   */
  private static Dataset<Row> openSessions(Dataset<Row> events, ReadWindow window, TransformSettings ts) {
    Column early = col(EventContract.DATE).lt(lit(java.sql.Date.valueOf(window.sessionEventsFrom())));
    Dataset<Row> startedEarly = events.where(early.and(col(EventsContract.SESSION_KEY).isNotNull()))
        .select(col(EventsContract.SESSION_KEY).as("_early_session"));
    return Sessions.table(events.where(early.unary_$bang()), ts.reportingTimeZone())
        .join(startedEarly, col(SessionsContract.SESSION_KEY).equalTo(col("_early_session")), "left_anti");
  }

  /**
   * Stages the changed dates of a detail table: there, the published rows of other persons and the
   * affected persons' new rows.
   */
  private static Dataset<Row> restate(Stage stage, DetailTable table, Dataset<Row> published, Dataset<Row> persons,
      Dataset<Row> derived, Changes changes) {
    Dates dates = Dates.of(changes.dates());
    Dataset<Row> rows = rowsOfOthers(dates.on(published, table.partitionColumn()), persons, table.personColumn())
        .unionByName(dates.on(derived, table.partitionColumn()));
    return stage.apply(table.name(), rows, dates);
  }

  /**
   * The orders of the affected customers, from their events plus the published purchases,
   * returns and contacts of other persons that name those orders. Those few events are found in
   * two steps and kept aside (the orders table reads its input four times): the dates holding one,
   * from the window's order_id and person columns, then the whole rows of those dates only.
   */
  private static Dataset<Row> ordersOf(Scratch scratch, Dataset<Row> eventsNew, Dataset<Row> kept,
      Dataset<Row> persons, Dataset<Row> priorOrders, TransformSettings ts) {
    Dataset<Row> theirOrders = scratch.keep("their_orders",
        eventsNew.where(col(EventContract.EVENT_TYPE).equalTo(EventContract.PURCHASE))
            .select(col(EventContract.ORDER_ID).as("_their_order")).distinct());
    java.util.function.UnaryOperator<Dataset<Row>> naming = events -> rowsOfOthers(
        events.where(col(EventContract.ORDER_ID).isNotNull()), persons, EventsContract.PERSON_KEY)
        .join(theirOrders, col(EventContract.ORDER_ID).equalTo(col("_their_order")), "left_semi");
    Set<String> dates = Dates.collect(naming.apply(kept.select(col(EventContract.ORDER_ID),
            col(EventsContract.PERSON_KEY), col(EventContract.DATE)))
        .select(col(EventContract.DATE).cast("string")).distinct());
    Dataset<Row> othersNaming = scratch.keep("orders_named_by_others",
        like(naming.apply(Dates.of(dates).on(kept, EventContract.DATE)), eventsNew));
    return rowsOf(Orders.table(eventsNew.unionByName(othersNaming), Optional.of(priorOrders), ts), persons,
        OrdersContract.CUSTOMER_ID);
  }

  /**
   * The {@link Identity#links} of the anonymous_ids in {@code ids}' one column, from the key rows
   * after the change: they equal its links among all events. The ids are sent to every task when
   * they are few (a day's records or its affected persons' devices, next to every device ever
   * linked).
   */
  private static Dataset<Row> linksOf(Scratch scratch, String name, CrossDateKeys.Current keys, Dataset<Row> ids) {
    Dataset<Row> wanted = scratch.keep(name + "_anonymous_ids",
        ids.select(col(ids.columns()[0]).as("_wanted_anonymous_id")).distinct());
    return scratch.keep(name, keys.linksOf(wanted.count() <= BROADCAST_ROWS ? broadcast(wanted) : wanted));
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

  /** Published open journeys of persons not affected: the ones the as-of time may close. */
  private static Dataset<Row> openJourneysOfOthers(Dataset<Row> journeys, Dataset<Row> persons) {
    return rowsOfOthers(journeys.where(col(JourneysContract.OUTCOME).equalTo(JourneysContract.OPEN)), persons,
        JourneysContract.PERSON_KEY);
  }

  /** {@code df} with the columns of {@code like}, in its order. */
  private static Dataset<Row> like(Dataset<Row> df, Dataset<Row> like) {
    return df.select(Arrays.stream(like.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  /** The columns of a clean event (contract, lineage, date): what ingest gives, and what is kept of a published event. */
  public static Column[] cleanColumns() {
    return EventContract.CLEAN_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new);
  }

  private static double secondsSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1e7) / 100.0;
  }
}
