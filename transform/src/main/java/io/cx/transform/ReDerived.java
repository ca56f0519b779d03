package io.cx.transform;

import static io.cx.transform.AffectedPersons.rowsOf;
import static io.cx.transform.AffectedPersons.rowsOfOthers;
import static io.cx.transform.ChangedDetail.like;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FoundPersons affected persons'} rows of the detail tables derived again, and the
 * dates on which they differ from the published rows.
 *
 * <p>Each person's events are read from their own {@link PersonSpans span} of the window (those
 * before their change pinned to their published journeys) and enriched again; their rows on each
 * table's open dates are then compared with the published ones. The open journeys of the other
 * persons are reassessed at the new as-of time.
 *
 * @param theirWindowEvents the affected persons' published events of the read window (those the run
 *     replaces included)
 * @param events their events of the read window after the change
 * @param sessions their sessions on the open dates
 * @param journeys their journeys on the open dates
 * @param orders their orders
 * @param changes the dates on which each table's rows differ from the published ones
 */
record ReDerived(Dataset<Row> theirWindowEvents, Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys,
    Dataset<Row> orders, DetailChanges changes) {
  private static final Logger LOG = LoggerFactory.getLogger(ReDerived.class);

  /**
   * @param priorOrders the published orders collapsed per customer before the window's first date
   *     ({@link ReadWindow#readFrom}): what the affected customers' orders are counted after
   */
  static ReDerived of(ChangedDetail.Published pub, FoundPersons found, OrderHistory priorOrders, TransformSettings ts,
      ReadWindow window, Scratch scratch) {
    Dataset<Row> spans = found.spans();
    Dataset<Row> persons = found.persons();
    // Their events of the read window (the ones the run replaces included), read from it once: the
    // steps below read them several times, and they are a small share of the window.
    Dataset<Row> theirWindowEvents = scratch.keep("their_window_events",
        rowsOf(found.windowEvents(), persons, EventsContract.PERSON_KEY));
    Dataset<Row> theirKept = found.withoutReplaced().apply(theirWindowEvents);

    Dataset<Row> windowJourneys = window.read(pub.journeys(), JourneysContract.DATE);
    // Each person's events from their own read start, pinned before their own change.
    // Those who only gain events are read from the first date their re-derived journeys and
    // sessions hold, not from the furthest such a journey could reach back.
    Dataset<Row> readSpans = scratch.keep("read_spans", PersonSpans.narrowed(found.spanRows(), theirWindowEvents, ts));
    Row readFrom = readSpans.agg(
        org.apache.spark.sql.functions.min(when(col(AffectedPersons.LOSES), col(PersonSpans.READ_FROM))),
        org.apache.spark.sql.functions.min(when(col(AffectedPersons.LOSES).unary_$bang(), col(PersonSpans.READ_FROM))))
        .first();
    LOG.info("their events are read from {} at the earliest (those who may lose events) and from {} (the others)",
        readFrom.get(0) == null ? "-" : readFrom.get(0), readFrom.get(1) == null ? "-" : readFrom.get(1));
    Dataset<Row> history = PersonSpans.pinned(PersonSpans.spanned(theirKept,
            found.fewPersons() ? broadcast(readSpans) : readSpans, EventsContract.PERSON_KEY),
        rowsOf(windowJourneys, persons, JourneysContract.PERSON_KEY))
        .unionByName(Journeys.unpinnedIfAbsent(found.added()));
    // Their events without the pins, for the columns that look up key rows.
    Dataset<Row> theirEvents = theirKept.select(ChangedDetail.cleanColumns())
        .unionByName(found.added());
    Dataset<Row> links = FoundPersons.linksOf(scratch, "links", found.keys(),
        theirEvents.select(col(EventContract.ANONYMOUS_ID)).where(col(EventContract.ANONYMOUS_ID).isNotNull()));
    // Post-purchase marking needs the purchases and cases that their events name.
    Dataset<Row> named = scratch.keep("named", CrossDateKeys.named(theirEvents));
    Dataset<Row> cases = scratch.keep("cases", found.keys().casesOf(named));
    Dataset<Row> purchased = scratch.keep("purchased", found.keys().purchasedAmong(named, cases));
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
    Dataset<Row> priorTotals = rowsOf(priorOrders.totals(), persons, OrdersContract.CUSTOMER_ID);
    Dataset<Row> ordersNew = scratch.keep("orders",
        like(ordersOf(scratch, eventsNew, found.kept(), persons, priorTotals, ts), pub.orders()));

    DetailChanges changes = new DetailChanges(
        DetailTable.EVENTS.changes(window.open(theirWindowEvents, DetailTable.EVENTS),
            window.open(eventsNew, DetailTable.EVENTS)),
        DetailTable.SESSIONS.changes(openRowsOf(window, DetailTable.SESSIONS, pub.sessions(), persons),
            window.open(sessionsNew, DetailTable.SESSIONS)),
        DetailTable.JOURNEYS.changes(journeysOld, journeysNew),
        DetailTable.ORDERS.changes(openRowsOf(window, DetailTable.ORDERS, pub.orders(), persons),
            window.open(ordersNew, DetailTable.ORDERS)));
    return new ReDerived(theirWindowEvents, eventsNew, sessionsNew, journeysOfPersons, ordersNew, changes);
  }

  /** The published rows of the affected persons on the table's open dates. */
  private static Dataset<Row> openRowsOf(ReadWindow window, DetailTable table, Dataset<Row> published,
      Dataset<Row> persons) {
    return rowsOf(window.open(published, table), persons, table.personColumn());
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
   * The orders of the affected customers, from their events plus the published purchases,
   * returns and contacts of other persons that name those orders. Those few events are found in
   * two steps and kept aside (the orders table reads its input four times): the dates holding one,
   * from the window's order_id and person columns, then the whole rows of those dates only.
   */
  private static Dataset<Row> ordersOf(Scratch scratch, Dataset<Row> eventsNew, Dataset<Row> kept,
      Dataset<Row> persons, Dataset<Row> priorTotals, TransformSettings ts) {
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
    return rowsOf(Orders.table(eventsNew.unionByName(othersNaming), Optional.of(priorTotals), ts), persons,
        OrdersContract.CUSTOMER_ID);
  }

  /** Published open journeys of persons not affected: the ones the as-of time may close. */
  private static Dataset<Row> openJourneysOfOthers(Dataset<Row> journeys, Dataset<Row> persons) {
    return rowsOfOthers(journeys.where(col(JourneysContract.OUTCOME).equalTo(JourneysContract.OPEN)), persons,
        JourneysContract.PERSON_KEY);
  }
}
