package io.cx.report;

import static io.cx.report.publish.Publisher.Layout.AGGREGATE;
import static io.cx.report.publish.Publisher.Layout.DETAIL;
import static io.cx.report.publish.Publisher.Restatement.COMPARE_WITH_PUBLISHED;
import static io.cx.report.publish.Publisher.Restatement.KNOWN_TO_CHANGE;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.cx.ingest.EventContract;
import io.cx.metrics.Dates;
import io.cx.metrics.DetailChanges;
import io.cx.metrics.DetailTables;
import io.cx.metrics.Goal;
import io.cx.metrics.KpiTable;
import io.cx.metrics.KpiTables;
import io.cx.metrics.Scorecard;
import io.cx.report.publish.Publisher;
import io.cx.spark.PlannerSettings;
import io.cx.transform.Changes;
import io.cx.transform.Customers;
import io.cx.transform.CustomersContract;
import io.cx.transform.EventsContract;
import io.cx.transform.Identity;
import io.cx.transform.Journeys;
import io.cx.transform.JourneysContract;
import io.cx.transform.Orders;
import io.cx.transform.OrdersContract;
import io.cx.transform.Sessions;
import io.cx.transform.SessionsContract;
import io.cx.transform.Transform;
import io.cx.transform.TransformSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transform and metrics stages of a run by date over published output, restating only what
 * the run's records can change.
 *
 * <p>Everything the pipeline derives is per person, except two links between persons: identity
 * stitching (by anonymous_id) and post-purchase marking and order linking (by order_id). So the
 * run finds the <em>affected persons</em>: those with a published event sharing an anonymous_id,
 * customer_id or order_id with a record the run adds or removes, the persons the added records
 * stitch to, and, for every such anonymous_id, the customer it stitches to before and after.
 * That set is closed: no other event's person, session or journey can change. Their complete
 * histories are enriched again (with the stitching links and purchased orders of all events), and
 * compared with what is published: the dates whose rows differ are the partitions to restate.
 * Outside the affected persons only the as-of time moves, which closes quiet open journeys and
 * re-evaluates churn. Each KPI table's declaration ({@link KpiTable#restates}) names the
 * partitions a change restates (for example the sessions of a journey that now ended in a
 * purchase, or the other contacts of a case); retention cohorts and the scorecard are recomputed
 * whole, and the publisher leaves their unchanged partitions alone. The result equals a full recomputation: the nightly-runs
 * integration test holds every run to it.
 */
final class Incremental {
  private static final Logger LOG = LoggerFactory.getLogger(Incremental.class);

  /** The tables a run needs published before it can restate only what changed. */
  static final List<String> NEEDS = List.of(Pipeline.EVENTS, Pipeline.SESSIONS, Pipeline.JOURNEYS, Pipeline.ORDERS,
      Pipeline.CUSTOMERS);

  private static final String KIND = "_kind";
  private static final String VALUE = "_value";
  /** The one column of the affected persons (a name of its own, so joins with the tables are unambiguous). */
  private static final String AFFECTED = "_affected_person";
  /** Up to this many keys, a key set is sent to every task rather than shuffled against the tables. */
  static final long BROADCAST_ROWS = 1_000_000;

  private Incremental() {}

  /** What the rest of the run needs from the incremental stages. */
  record Outcome(Dataset<Row> events, Dataset<Row> orders, Dataset<Row> scorecard, Map<String, Double> seconds) {}

  /**
   * Whether every table is published, so only changes need restating. (Published events without
   * lineage were refused already, when the run read the events it keeps: see DateRuns.)
   */
  static boolean possible(SparkSession spark, String output) {
    try {
      Path root = new Path(output);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<String> tables = new ArrayList<>(NEEDS);
      tables.addAll(KpiTables.ALL);
      for (String t : tables) {
        if (!fs.exists(new Path(root, t))) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stages every table. {@code added} are the run's clean events (contract columns and lineage);
   * {@code removed} the event_ids of published events the run replaces (those loaded for its
   * dates, and those its records displaced as duplicates).
   */
  static Outcome stage(SparkSession spark, Publisher publisher, String output, Dataset<Row> added,
      Dataset<Row> removed, TransformSettings ts, List<Goal> goals, Stages log) {
    long t0 = System.nanoTime();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Published pub = new Published(spark, output);
    Dataset<Row> removedIds = publisher.scratch("removed", removed.select(col(EventContract.EVENT_ID).as("_removed_id"))
        .distinct());
    added = publisher.scratch("added", added);
    Dataset<Row> kept = pub.events.join(removedIds, col(EventContract.EVENT_ID).equalTo(col("_removed_id")), "left_anti");
    Dataset<Row> removedRows = pub.events.join(removedIds, col(EventContract.EVENT_ID).equalTo(col("_removed_id")),
        "left_semi");
    Dataset<Row> all = kept.select(cleanColumns()).unionByName(added);
    Dataset<Row> links = publisher.scratch("links", Identity.links(all));
    Dataset<Row> purchased = publisher.scratch("purchased", Journeys.purchasedOrders(all));

    Dataset<Row> seedRows = publisher.scratch("seeds",
        keys(removedRows.select(cleanColumns()).unionByName(added)).distinct());
    Dataset<Row> affectedRows = publisher.scratch("persons",
        affectedPersons(pub.events, seedRows, seedRows.count() <= BROADCAST_ROWS, added, links));
    long affected = affectedRows.count();
    seconds.put("find affected persons", Pipeline.secondsSince(t0));
    LOG.info("{} affected persons ({} s)", affected, seconds.get("find affected persons"));
    long t1 = System.nanoTime();
    Dataset<Row> persons = affected <= BROADCAST_ROWS ? broadcast(affectedRows) : affectedRows;

    Dataset<Row> history = of(kept, persons, EventsContract.PERSON_KEY).select(cleanColumns()).unionByName(added);
    Dataset<Row> enriched = publisher.scratch("enriched", Transform.enrich(history, links, purchased, ts));
    // The affected persons' new rows, each read several times (compare, restate, the tables after it).
    Dataset<Row> eventsNew = publisher.scratch("events", select(Transform.publishedEvents(enriched), pub.events));
    Dataset<Row> sessionsNew = publisher.scratch("sessions",
        select(Sessions.table(eventsNew, ts.reportingTimeZone()), pub.sessions));
    Dataset<Row> journeysOfPersons = PlannerSettings.during(spark, Journeys.PLANNING,
        () -> publisher.scratch("journeys", select(Journeys.table(enriched, ts), pub.journeys)));
    Dataset<Row> journeysNew = journeysOfPersons
        .unionByName(Journeys.reassessOpen(openJourneysOfOthers(pub.journeys, persons), ts));
    Dataset<Row> journeysOld = of(pub.journeys, persons, JourneysContract.PERSON_KEY)
        .unionByName(openJourneysOfOthers(pub.journeys, persons));
    Dataset<Row> ordersNew = publisher.scratch("orders",
        select(ordersOf(publisher, eventsNew, kept, persons, ts), pub.orders));

    Changes events = Changes.of(of(pub.events, persons, EventsContract.PERSON_KEY), eventsNew, EventContract.DATE,
        col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT), EventContract.CASE_ID);
    Changes sessions = Changes.of(of(pub.sessions, persons, SessionsContract.PERSON_KEY), sessionsNew,
        SessionsContract.DATE, lit(false), SessionsContract.SESSION_KEY);
    Changes journeys = Changes.of(journeysOld, journeysNew, JourneysContract.DATE, lit(true),
        JourneysContract.JOURNEY_ID);
    Changes orders = Changes.of(of(pub.orders, persons, OrdersContract.CUSTOMER_ID), ordersNew,
        OrdersContract.DATE, lit(false), OrdersContract.ORDER_ID);

    seconds.put("re-derive and compare their rows", Pipeline.secondsSince(t1));
    LOG.info("re-derived the affected persons' rows; changed dates: events {}, sessions {}, journeys {}, orders {} ({} s)",
        events.dates().size(), sessions.dates().size(), journeys.dates().size(), orders.dates().size(),
        seconds.get("re-derive and compare their rows"));
    Dataset<Row> eventsCur = log.restate(Pipeline.EVENTS, restated(pub.events, EventsContract.PERSON_KEY, persons,
        eventsNew, events.dates()), events.dates(), DETAIL, KNOWN_TO_CHANGE);
    Dataset<Row> sessionsCur = log.restate(Pipeline.SESSIONS, restated(pub.sessions, SessionsContract.PERSON_KEY,
        persons, sessionsNew, sessions.dates()), sessions.dates(), DETAIL, KNOWN_TO_CHANGE);
    Dataset<Row> journeysCur = log.restate(Pipeline.JOURNEYS, restated(Journeys.reassessOpen(pub.journeys, ts),
        JourneysContract.PERSON_KEY, persons, journeysOfPersons, journeys.dates()),
        journeys.dates(), DETAIL, KNOWN_TO_CHANGE);
    Dataset<Row> ordersCur = log.restate(Pipeline.ORDERS, restated(pub.orders, OrdersContract.CUSTOMER_ID, persons,
        ordersNew, orders.dates()), orders.dates(), DETAIL, KNOWN_TO_CHANGE);
    Dataset<Row> customers = select(Customers.reassess(pub.customers, ts), pub.customers)
        .join(persons, col(CustomersContract.CUSTOMER_ID).equalTo(col(AFFECTED)), "left_anti")
        .unionByName(select(Customers.table(eventsNew, ordersNew, ts), pub.customers));
    log.stage(Pipeline.CUSTOMERS, customers);

    DetailTables current = new DetailTables(eventsCur, sessionsCur, journeysCur, ordersCur);
    DetailChanges changes = new DetailChanges(events, sessions, journeys, orders);
    Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
    for (KpiTable k : KpiTables.DECLARED) {
      Dates dates = k.restates().dates(changes, current);
      kpis.put(k.name(), dates.all() ? log.stage(k.name(), k.compute(current, Dates.ALL, ts))
          : log.restate(k.name(), k.compute(current, dates, ts), dates.only(), AGGREGATE, COMPARE_WITH_PUBLISHED));
    }
    Dataset<Row> scorecard = log.stage(KpiTables.SCORECARD, Scorecard.compute(kpis, ordersCur, goals, ts));
    return new Outcome(eventsCur, ordersCur, scorecard, seconds);
  }

  /** How the incremental stages write a table: whole, or some partitions of it. */
  interface Stages {
    /** Stages a whole table and returns the staged rows. */
    Dataset<Row> stage(String name, Dataset<Row> table);

    /**
     * Stages the partitions {@code dates} of a table and returns the whole table as it will be.
     * {@link Publisher.Restatement#KNOWN_TO_CHANGE}: each of those partitions changes (it need not be compared).
     */
    Dataset<Row> restate(String name, Dataset<Row> rows, Set<String> dates, Publisher.Layout layout,
        Publisher.Restatement restatement);
  }

  /**
   * The persons whose derived rows may change: see the class comment. One scan of the published
   * events matches their anonymous_ids, customer_ids, order_ids and event_ids against the keys of
   * the records added and removed.
   */
  static Dataset<Row> affectedPersons(Dataset<Row> published, Dataset<Row> seeds, boolean fewSeeds,
      Dataset<Row> added, Dataset<Row> links) {
    Dataset<Row> touched = keys(published)
        .join(fewSeeds ? broadcast(seeds) : seeds, new String[] {KIND, VALUE}, "left_semi")
        .select(col(EventsContract.PERSON_KEY));
    Dataset<Row> anonymous = seeds.where(col(KIND).equalTo("a")).select(col(VALUE).as("_anon"));
    Dataset<Row> stitchedTo = anonymous.join(links, col("_anon").equalTo(col(Identity.LINK_ANON)))
        .select(col(Identity.LINKED).as(EventsContract.PERSON_KEY));
    Dataset<Row> unstitched = anonymous.select(concat(lit("anon:"), col("_anon")).as(EventsContract.PERSON_KEY));
    Dataset<Row> addedPersons = Identity.stitch(added, links).select(col(EventsContract.PERSON_KEY));
    return touched.unionByName(stitchedTo).unionByName(unstitched).unionByName(addedPersons).distinct()
        .select(col(EventsContract.PERSON_KEY).as(AFFECTED));
  }

  /** (kind, value) pairs of each event's anonymous_id (a), customer_id (c), order_id (o), event_id (e). */
  private static Dataset<Row> keys(Dataset<Row> events) {
    boolean withPerson = Arrays.asList(events.columns()).contains(EventsContract.PERSON_KEY);
    Column pairs = explode(array(
        struct(lit("a").as(KIND), col(EventContract.ANONYMOUS_ID).as(VALUE)),
        struct(lit("c").as(KIND), col(EventContract.CUSTOMER_ID).as(VALUE)),
        struct(lit("o").as(KIND), col(EventContract.ORDER_ID).as(VALUE)),
        struct(lit("e").as(KIND), col(EventContract.EVENT_ID).as(VALUE))));
    Dataset<Row> exploded = withPerson
        ? events.select(col(EventsContract.PERSON_KEY), pairs.as("_k"))
        : events.select(pairs.as("_k"));
    Dataset<Row> flat = withPerson
        ? exploded.select(col(EventsContract.PERSON_KEY), col("_k." + KIND).as(KIND), col("_k." + VALUE).as(VALUE))
        : exploded.select(col("_k." + KIND).as(KIND), col("_k." + VALUE).as(VALUE));
    return flat.where(col(VALUE).isNotNull());
  }

  /**
   * The orders of the affected customers, from their events plus the published purchases,
   * returns and contacts of other persons that name those orders. Those few events are found in
   * one scan of the published events and kept aside: the orders table reads its input four times.
   */
  private static Dataset<Row> ordersOf(Publisher publisher, Dataset<Row> eventsNew, Dataset<Row> kept,
      Dataset<Row> persons, TransformSettings ts) {
    Dataset<Row> theirOrders = eventsNew.where(col(EventContract.EVENT_TYPE).equalTo(EventContract.PURCHASE))
        .select(col(EventContract.ORDER_ID).as("_their_order")).distinct();
    Dataset<Row> others = kept.join(persons, kept.col(EventsContract.PERSON_KEY).equalTo(col(AFFECTED)),
            "left_anti")
        .join(theirOrders, col(EventContract.ORDER_ID).equalTo(col("_their_order")), "left_semi");
    Dataset<Row> othersNaming = publisher.scratch("orders_named_by_others", select(others, eventsNew));
    Dataset<Row> orders = Orders.table(eventsNew.unionByName(othersNaming), ts);
    return of(orders, persons, OrdersContract.CUSTOMER_ID);
  }

  /** Published open journeys of persons not affected: the ones the as-of time may close. */
  private static Dataset<Row> openJourneysOfOthers(Dataset<Row> journeys, Dataset<Row> persons) {
    Dataset<Row> open = journeys.where(col(JourneysContract.OUTCOME).equalTo(JourneysContract.OPEN));
    return open.join(persons, open.col(JourneysContract.PERSON_KEY).equalTo(col(AFFECTED)),
        "left_anti");
  }

  /** The new content of some partitions: the published rows of other persons, and the recomputed rows. */
  private static Dataset<Row> restated(Dataset<Row> published, String personColumn, Dataset<Row> persons,
      Dataset<Row> recomputed, Set<String> dates) {
    Dataset<Row> others = on(published, EventContract.DATE, dates)
        .join(persons, published.col(personColumn).equalTo(col(AFFECTED)), "left_anti");
    return others.unionByName(on(recomputed, EventContract.DATE, dates));
  }

  /** Rows of {@code table} whose {@code column} is one of the affected persons. */
  private static Dataset<Row> of(Dataset<Row> table, Dataset<Row> persons, String column) {
    return table.join(persons, table.col(column).equalTo(col(AFFECTED)), "left_semi");
  }

  /** Rows whose date column is one of {@code dates} (partition pruning on published tables). */
  private static Dataset<Row> on(Dataset<Row> table, String dateColumn, Set<String> dates) {
    return Dates.of(dates).on(table, dateColumn);
  }

  /** {@code df} with the columns of {@code like}, in its order. */
  private static Dataset<Row> select(Dataset<Row> df, Dataset<Row> like) {
    return df.select(Arrays.stream(like.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  /** The columns of a clean event (contract, lineage, date): what ingest gives, and what is kept of a published event. */
  static Column[] cleanColumns() {
    return EventContract.CLEAN_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new);
  }


  /** The published detail tables. */
  private record Published(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
      Dataset<Row> customers) {
    Published(SparkSession spark, String output) {
      this(read(spark, output, Pipeline.EVENTS), read(spark, output, Pipeline.SESSIONS),
          read(spark, output, Pipeline.JOURNEYS), read(spark, output, Pipeline.ORDERS),
          read(spark, output, Pipeline.CUSTOMERS));
    }

    private static Dataset<Row> read(SparkSession spark, String output, String table) {
      return spark.read().parquet(new Path(output, table).toString());
    }
  }

}
