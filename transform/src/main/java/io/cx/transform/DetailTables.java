package io.cx.transform;

import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The detail tables the KPI tables are computed from, as they will be published by the run.
 *
 * @param firsts when each person was first seen and first carted ({@link CrossDateKeys#firsts}),
 *     so that a table that needs only that does not read every event
 * @param sparseEvents the events of {@link #SPARSE_TYPES} and the purchases that carry a referral
 *     code, a small share of all events that many KPI tables read: a table that needs only these
 *     reads them here, so that the metrics stage can hold them once instead of every such table
 *     scanning every event
 */
public record DetailTables(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
    Dataset<Row> customers, Dataset<Row> firsts, Dataset<Row> sparseEvents) {

  /** The event types that are each a few percent of the events at most, and what customers said or asked. */
  public static final List<String> SPARSE_TYPES =
      List.of(EventContract.SURVEY, EventContract.CONTACT, EventContract.SOCIAL, EventContract.REFERRAL);

  /** The tables, with their {@link #sparseEvents} selected from {@code events}. */
  public DetailTables(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
      Dataset<Row> customers, Dataset<Row> firsts) {
    this(events, sessions, journeys, orders, customers, firsts, sparse(events));
  }

  /** The same tables with the sparse events read from {@code held} (for example, a cached copy of them). */
  public DetailTables withSparseEvents(Dataset<Row> held) {
    return new DetailTables(events, sessions, journeys, orders, customers, firsts, held);
  }

  /** The same tables with the {@link #firsts} read from {@code held} (for example, the staged key rows). */
  public DetailTables withFirsts(Dataset<Row> held) {
    return new DetailTables(events, sessions, journeys, orders, customers, held, sparseEvents);
  }

  /**
   * The columns of the {@link #sparseEvents}: those their readers use. The keys that only the
   * detail tables need (anonymous_id, session and journey keys, product, page) are most of an
   * events file's bytes, so a reader of the sparse events does not decode them.
   */
  public static final List<String> SPARSE_COLUMNS = List.of(EventContract.EVENT_ID, EventContract.EVENT_TIME,
      EventContract.EVENT_TYPE, EventContract.CHANNEL, EventContract.TOUCHPOINT, EventContract.CUSTOMER_ID,
      EventsContract.PERSON_KEY, EventContract.ORDER_ID, EventContract.CASE_ID, EventContract.WAIT_SECONDS,
      EventContract.HANDLE_SECONDS, EventContract.RESOLVED, EventContract.SURVEY_TYPE, EventContract.SCORE,
      EventContract.ENGAGEMENT, EventContract.SENTIMENT, EventContract.REFERRAL_CODE, EventContract.DATE);

  /** The {@link #sparseEvents} of {@code events}, with the {@link #SPARSE_COLUMNS}. */
  public static Dataset<Row> sparse(Dataset<Row> events) {
    return events.where(col(EventContract.EVENT_TYPE).isin(SPARSE_TYPES.toArray())
            .or(col(EventContract.REFERRAL_CODE).isNotNull()))
        .select(SPARSE_COLUMNS.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
  }
}
