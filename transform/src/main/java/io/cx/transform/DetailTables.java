package io.cx.transform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The detail tables the KPI tables are computed from, as they will be published by the run.
 *
 * @param firsts when each person was first seen and first carted ({@link CrossDateKeys#firsts}),
 *     so that a table that needs only that does not read every event
 * @param sparseEvents the {@link SparseEvents} (what customers said or asked, and the purchases
 *     that carry a referral code) as the run publishes them: a small share of all events, and all
 *     that many KPI tables read of them
 * @param orderHistory the orders with those before a day collapsed per customer, for the tables
 *     that measure customers against their whole history and compute only recent months (a run by
 *     date); empty when they compute every month from the orders themselves
 */
public record DetailTables(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
    Dataset<Row> customers, Dataset<Row> firsts, Dataset<Row> sparseEvents,
    java.util.Optional<OrderHistory> orderHistory) {

  /** The tables without an {@link #orderHistory}. */
  public DetailTables(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
      Dataset<Row> customers, Dataset<Row> firsts, Dataset<Row> sparseEvents) {
    this(events, sessions, journeys, orders, customers, firsts, sparseEvents, java.util.Optional.empty());
  }

  /**
   * The rows dated {@code first} or later of the date-partitioned tables (events, sessions,
   * journeys, orders, sparse events); the customer snapshot and the {@link #firsts} whole; no
   * {@link #orderHistory} (its totals hold earlier orders). A KPI table's restatement reads the
   * tables from its first open date on: a date before it is final.
   */
  public DetailTables datedFrom(java.time.LocalDate first) {
    java.util.function.BiFunction<Dataset<Row>, String, Dataset<Row>> from = (table, date) ->
        table.where(org.apache.spark.sql.functions.col(date).geq(org.apache.spark.sql.functions.lit(
            java.sql.Date.valueOf(first))));
    return new DetailTables(from.apply(events, io.cx.ingest.EventContract.DATE),
        from.apply(sessions, SessionsContract.DATE), from.apply(journeys, JourneysContract.DATE),
        from.apply(orders, OrdersContract.DATE), customers, firsts,
        from.apply(sparseEvents, io.cx.ingest.EventContract.DATE));
  }

  /** The same tables with the {@link #firsts} read from {@code held} (for example, the staged key rows). */
  public DetailTables withFirsts(Dataset<Row> held) {
    return new DetailTables(events, sessions, journeys, orders, customers, held, sparseEvents, orderHistory);
  }

  /** The same tables with the orders' {@link #orderHistory}. */
  public DetailTables withOrderHistory(OrderHistory history) {
    return new DetailTables(events, sessions, journeys, orders, customers, firsts, sparseEvents,
        java.util.Optional.of(history));
  }
}
