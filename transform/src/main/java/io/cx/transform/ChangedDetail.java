package io.cx.transform;

import static io.cx.transform.AffectedPersons.rowsOf;
import static io.cx.transform.AffectedPersons.rowsOfOthers;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cx.ingest.EventContract;
import io.cx.spark.JobDescription;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Only the run's {@link ReadWindow} of published events is read; what links them to other
 * dates (stitching links, purchased orders, support cases about them) comes from the published
 * {@link CrossDateKeys}, those of the keys the run's records carry derived again. The
 * {@link FoundPersons affected persons} are found among the window's events, and each one's events
 * are {@link ReDerived enriched again} within their {@link PersonSpans span} (those before their
 * change pinned to their published journeys), and their rows on each table's open dates are
 * compared with what is published: the dates whose rows differ are the partitions to restate. Orders and customers look further back through the
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
    FoundPersons found = FoundPersons.find(pub, added, removed, ts, window, scratch);
    seconds.put(FIND_AFFECTED, secondsSince(t0));
    LOG.info("{} affected persons, {} of whom may lose events ({} s)", found.affected(), found.losing(),
        seconds.get(FIND_AFFECTED));
    long t1 = System.nanoTime();
    JobDescription.set(sc, RE_DERIVE);
    // Orders dated before the window are final: collapsed once, for the affected customers' order
    // counts here and for the tables measured against each customer's whole history later.
    OrderHistory priorOrders = OrderHistory.of(pub.orders(), window.readFrom(), ts);
    ReDerived derived = ReDerived.of(pub, found, priorOrders, ts, window, scratch);
    DetailChanges changes = derived.changes();
    seconds.put(RE_DERIVE, secondsSince(t1));
    LOG.info("re-derived the affected persons' rows; changed dates: events {}, sessions {}, journeys {}, orders {} ({} s)",
        changes.events().dates().size(), changes.sessions().dates().size(), changes.journeys().dates().size(),
        changes.orders().dates().size(), seconds.get(RE_DERIVE));
    // The tables below are staged in steps that describe their own jobs.
    JobDescription.restore(sc, outerDescription);

    Dataset<Row> persons = found.persons();
    Dataset<Row> events = restate(stage, DetailTable.EVENTS, pub.events(), persons, derived.events(),
        changes.events());
    Dataset<Row> journeys = restate(stage, DetailTable.JOURNEYS, Journeys.reassessOpen(pub.journeys(), ts), persons,
        derived.journeys(), changes.journeys());
    Dataset<Row> sessions = restate(stage, DetailTable.SESSIONS, pub.sessions(), persons, derived.sessions(),
        changes.sessions());
    Dataset<Row> orders = restate(stage, DetailTable.ORDERS, pub.orders(), persons, derived.orders(),
        changes.orders());
    // RFM scores are relative to every customer: the published rows lose theirs (and the attributes
    // of the run that published them) and all are scored again.
    Dataset<Row> base = Customers.asBase(pub.customers());
    Dataset<Row> customers = stage.whole(DetailTable.CUSTOMERS.name(),
        Customers.finish(rowsOfOthers(like(Customers.reassess(pub.customers(), ts), base), persons,
            CustomersContract.CUSTOMER_ID)
            .unionByName(like(customersOf(pub, derived.theirWindowEvents(), derived.events(), derived.orders(), persons,
                window, ts, scratch), base)),
            attributes));
    // The affected persons' first-seen and first-cart rows, from their rows dated before the window
    // and their events in it after the change.
    // (A broadcast hint is put on a whole key set: one on a branch of a union is not a join's.)
    Dataset<Row> touchedPersons = CrossDateKeys.touchedPersons(found.personRows());
    boolean fewPersons = found.fewPersons();
    Dataset<Row> touchedAll = found.touched().unionByName(touchedPersons);
    CrossDateKeys.Current after = CrossDateKeys.Current.of(found.publishedKeys(),
        found.fewSeeds() && fewPersons ? broadcast(touchedAll) : touchedAll,
        found.keys().changed().unionByName(scratch.keep("changed_person_keys",
            CrossDateKeys.changedPersons(found.publishedKeys(), fewPersons ? broadcast(touchedPersons) : touchedPersons,
                derived.events(), window.readFrom()))));
    // The key rows of the months the window reaches into (the earlier months are final), or all
    // of them for an output that had none (or none of the persons').
    LocalDate keysFrom = window.readFrom().withDayOfMonth(1);
    Dataset<Row> stagedKeys = found.keysComplete()
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
        sparse, Optional.of(priorOrders.over(orders))),
        customers, Optional.of(changes), seconds);
  }

  /**
   * The customer rows of the affected persons: from their events of the read window
   * ({@code theirWindowEvents}, before the change) and what the published snapshot tells of their
   * events before it ({@link SeenOfAffected}), and from their orders on the orders' open dates and
   * what the snapshot tells of their orders before those ({@link BoughtOfAffected}).
   */
  private static Dataset<Row> customersOf(Published pub, Dataset<Row> theirWindowEvents, Dataset<Row> eventsNew,
      Dataset<Row> ordersNew, Dataset<Row> persons, ReadWindow window, TransformSettings ts, Scratch scratch) {
    Dataset<Row> published = rowsOf(pub.customers(), persons, CustomersContract.CUSTOMER_ID);
    Dataset<Row> seen = SeenOfAffected.of(published, theirWindowEvents, eventsNew,
        rowsOf(window.before(pub.events(), EventContract.DATE), persons, EventsContract.PERSON_KEY), scratch);
    java.sql.Date ordersOpen = java.sql.Date.valueOf(window.firstOpen(DetailTable.ORDERS).orElseThrow());
    Dataset<Row> bought = BoughtOfAffected.of(published,
        rowsOf(window.open(pub.orders(), DetailTable.ORDERS), persons, OrdersContract.CUSTOMER_ID),
        window.open(ordersNew, DetailTable.ORDERS),
        rowsOf(pub.orders().where(col(OrdersContract.DATE).lt(lit(ordersOpen))), persons, OrdersContract.CUSTOMER_ID),
        ts, scratch);
    return rowsOf(Customers.fromSeenAndBought(seen, bought, ts), persons, CustomersContract.CUSTOMER_ID);
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

  /** {@code df} with the columns of {@code like}, in its order. */
  static Dataset<Row> like(Dataset<Row> df, Dataset<Row> like) {
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
