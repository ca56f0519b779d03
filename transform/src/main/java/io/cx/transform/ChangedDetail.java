package io.cx.transform;

import static io.cx.transform.AffectedPersons.rowsOf;
import static io.cx.transform.AffectedPersons.rowsOfOthers;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detail tables of a run by date over published output, restating only the dates whose rows
 * the run's records change.
 *
 * <p>The complete histories of the {@link AffectedPersons affected persons} are enriched again
 * (with the stitching links and purchased orders of all events) and compared with what is
 * published: the dates whose rows differ are the partitions to restate. Outside the affected
 * persons only the as-of time moves, which closes quiet open journeys and re-evaluates churn
 * (the customers snapshot is restated whole). The result equals a full recomputation.
 */
public final class ChangedDetail {
  private static final Logger LOG = LoggerFactory.getLogger(ChangedDetail.class);

  /** Up to this many keys, a key set is sent to every task rather than shuffled against the tables. */
  static final long BROADCAST_ROWS = 1_000_000;

  private ChangedDetail() {}

  /** The published detail tables. */
  public record Published(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
      Dataset<Row> customers) {}

  /**
   * Stages the detail tables. {@code added}: the run's clean events ({@link EventContract#CLEAN_COLUMNS});
   * {@code removed}: the event_ids of published events the run replaces (those loaded for its
   * dates, and those its records displaced as duplicates).
   */
  public static Detail build(Published pub, Dataset<Row> added, Dataset<Row> removed, TransformSettings ts,
      Scratch scratch, Stage stage) {
    long t0 = System.nanoTime();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Dataset<Row> removedIds = scratch.keep("removed",
        removed.select(col(EventContract.EVENT_ID).as("_removed_id")).distinct());
    added = scratch.keep("added", added);
    Column isRemoved = col(EventContract.EVENT_ID).equalTo(col("_removed_id"));
    Dataset<Row> kept = pub.events().join(removedIds, isRemoved, "left_anti");
    Dataset<Row> removedRows = pub.events().join(removedIds, isRemoved, "left_semi");
    Dataset<Row> all = kept.select(cleanColumns()).unionByName(added);
    Dataset<Row> links = scratch.keep("links", Identity.links(all));
    Dataset<Row> purchased = scratch.keep("purchased", Journeys.purchasedOrders(all));
    Dataset<Row> postPurchaseCases = scratch.keep("post_purchase_cases", Journeys.postPurchaseCases(all, purchased));

    Dataset<Row> seeds = scratch.keep("seeds",
        AffectedPersons.seeds(removedRows.select(cleanColumns()).unionByName(added)));
    Dataset<Row> affectedRows = scratch.keep("persons",
        AffectedPersons.of(pub.events(), seeds, seeds.count() <= BROADCAST_ROWS, added, links,
            ts.stitchLookback()));
    long affected = affectedRows.count();
    seconds.put("find affected persons", secondsSince(t0));
    LOG.info("{} affected persons ({} s)", affected, seconds.get("find affected persons"));
    long t1 = System.nanoTime();
    Dataset<Row> persons = affected <= BROADCAST_ROWS ? broadcast(affectedRows) : affectedRows;

    Dataset<Row> history = rowsOf(kept, persons, EventsContract.PERSON_KEY).select(cleanColumns()).unionByName(added);
    Dataset<Row> enriched = Transform.enrich(history, links, purchased, postPurchaseCases, ts, scratch);
    // The affected persons' new rows, each read several times (compare, restate, the tables after it).
    Dataset<Row> eventsNew = scratch.keep("events", like(Transform.publishedEvents(enriched), pub.events()));
    Dataset<Row> sessionsNew = scratch.keep("sessions",
        like(Sessions.table(eventsNew, ts.reportingTimeZone()), pub.sessions()));
    Dataset<Row> journeysOfPersons = io.cx.spark.PlannerSettings.during(enriched.sparkSession(), Journeys.PLANNING,
        () -> scratch.keep("journeys", like(Journeys.table(enriched, ts), pub.journeys())));
    Dataset<Row> openOfOthers = openJourneysOfOthers(pub.journeys(), persons);
    Dataset<Row> journeysNew = journeysOfPersons.unionByName(Journeys.reassessOpen(openOfOthers, ts));
    Dataset<Row> journeysOld = rowsOf(pub.journeys(), persons, JourneysContract.PERSON_KEY).unionByName(openOfOthers);
    Dataset<Row> ordersNew = scratch.keep("orders", like(ordersOf(scratch, eventsNew, kept, persons, ts), pub.orders()));

    DetailChanges changes = new DetailChanges(
        DetailTable.EVENTS.changes(rowsOf(pub.events(), persons, EventsContract.PERSON_KEY), eventsNew),
        DetailTable.SESSIONS.changes(rowsOf(pub.sessions(), persons, SessionsContract.PERSON_KEY), sessionsNew),
        DetailTable.JOURNEYS.changes(journeysOld, journeysNew),
        DetailTable.ORDERS.changes(rowsOf(pub.orders(), persons, OrdersContract.CUSTOMER_ID), ordersNew));
    seconds.put("re-derive and compare their rows", secondsSince(t1));
    LOG.info("re-derived the affected persons' rows; changed dates: events {}, sessions {}, journeys {}, orders {} ({} s)",
        changes.events().dates().size(), changes.sessions().dates().size(), changes.journeys().dates().size(),
        changes.orders().dates().size(), seconds.get("re-derive and compare their rows"));

    Dataset<Row> events = restate(stage, DetailTable.EVENTS, pub.events(), persons, eventsNew, changes.events());
    Dataset<Row> journeys = restate(stage, DetailTable.JOURNEYS, Journeys.reassessOpen(pub.journeys(), ts), persons,
        journeysOfPersons, changes.journeys());
    Dataset<Row> sessions = restate(stage, DetailTable.SESSIONS, pub.sessions(), persons, sessionsNew,
        changes.sessions());
    Dataset<Row> orders = restate(stage, DetailTable.ORDERS, pub.orders(), persons, ordersNew, changes.orders());
    Dataset<Row> customers = stage.whole(DetailTable.CUSTOMERS.name(),
        rowsOfOthers(like(Customers.reassess(pub.customers(), ts), pub.customers()), persons,
            CustomersContract.CUSTOMER_ID)
            .unionByName(like(Customers.table(eventsNew, ordersNew, ts), pub.customers())));
    return new Detail(new DetailTables(events, sessions, journeys, orders), customers, Optional.of(changes), seconds);
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
   * one scan of the published events and kept aside: the orders table reads its input four times.
   */
  private static Dataset<Row> ordersOf(Scratch scratch, Dataset<Row> eventsNew, Dataset<Row> kept,
      Dataset<Row> persons, TransformSettings ts) {
    Dataset<Row> theirOrders = eventsNew.where(col(EventContract.EVENT_TYPE).equalTo(EventContract.PURCHASE))
        .select(col(EventContract.ORDER_ID).as("_their_order")).distinct();
    Dataset<Row> others = rowsOfOthers(kept, persons, EventsContract.PERSON_KEY)
        .join(theirOrders, col(EventContract.ORDER_ID).equalTo(col("_their_order")), "left_semi");
    Dataset<Row> othersNaming = scratch.keep("orders_named_by_others", like(others, eventsNew));
    return rowsOf(Orders.table(eventsNew.unionByName(othersNaming), ts), persons, OrdersContract.CUSTOMER_ID);
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
