package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cx.ingest.EventContract;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One published detail table, declared once: its name, grain and partition column, the tables it
 * is built from, whose rows it holds (the column that names the person), and how a change of its
 * rows is followed by the tables after it (the key of the changed rows that KPI tables look up).
 * Full runs, runs by date, staging and the data dictionary test iterate {@link #DECLARED}.
 *
 * <p>How a change of the input restates a detail table is the same for all of them: a run by
 * date derives again the complete rows of the {@link AffectedPersons affected persons} (found
 * through identity stitching and order links) and restates the dates whose rows differ from what
 * is published ({@link ChangedDetail}). The customers table is a snapshot: it is restated whole.
 *
 * @param grain one row per ..., as the data dictionary states it
 * @param reads the tables (or {@code clean events}) it is built from
 * @param personColumn the column naming the person a row belongs to
 * @param keyed which changed rows KPI tables follow to other dates (by {@code keyColumn})
 * @param horizon how far back a run by date can change its partitions
 */
public record DetailTable(String name, String grain, List<String> reads, String partitionColumn,
    String personColumn, Column keyed, String keyColumn, Horizon horizon) {

  public static final DetailTable EVENTS = new DetailTable("events",
      "one row per distinct event (after deduplication)", List.of("clean events"), EventContract.DATE,
      EventsContract.PERSON_KEY, col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT), EventContract.CASE_ID, Horizon.EVENTS);
  public static final DetailTable SESSIONS = new DetailTable("sessions", "one row per web/app session",
      List.of("events"), SessionsContract.DATE, SessionsContract.PERSON_KEY, lit(false), SessionsContract.SESSION_KEY,
      Horizon.SESSIONS);
  public static final DetailTable JOURNEYS = new DetailTable("journeys", "one row per journey", List.of("events"),
      JourneysContract.DATE, JourneysContract.PERSON_KEY, lit(true), JourneysContract.JOURNEY_ID,
      Horizon.JOURNEYS);
  public static final DetailTable ORDERS = new DetailTable("orders", "one row per order_id of a purchase",
      List.of("events"), OrdersContract.DATE, OrdersContract.CUSTOMER_ID, lit(false), OrdersContract.ORDER_ID,
      Horizon.ORDERS);
  public static final DetailTable CUSTOMERS = new DetailTable("customers",
      "one row per customer_id seen in the events", List.of("events", "orders"), CustomersContract.DATE,
      CustomersContract.CUSTOMER_ID, lit(false), CustomersContract.CUSTOMER_ID, Horizon.RECOMPUTED);

  /** Every detail table, in the order a run builds them. */
  public static final List<DetailTable> DECLARED = List.of(EVENTS, JOURNEYS, SESSIONS, ORDERS, CUSTOMERS);

  /** How it lies on disk: spread over files, one partition per date. */
  public TableLayout layout() {
    return TableLayout.detail(partitionColumn);
  }

  /** What differs between the published rows and the rows a run derived (the same columns). */
  public Changes changes(Dataset<Row> published, Dataset<Row> derived) {
    return Changes.of(published, derived, partitionColumn, keyed, keyColumn);
  }
}
