package io.cx.metrics;

import static io.cx.ingest.EventContract.CASE_ID;
import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.CONTACT;
import static io.cx.ingest.EventContract.DATE;
import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.HANDLE_SECONDS;
import static io.cx.ingest.EventContract.RESOLVED;
import static io.cx.ingest.EventContract.TOUCHPOINT;
import static io.cx.ingest.EventContract.WAIT_SECONDS;
import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cx.transform.Dates;
import io.cx.transform.Columns;
import io.cx.transform.OrdersContract;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code kpi_service_contacts}: one row per date (contact) x channel x touchpoint. A case is
 * counted where its first contact happened; its resolution where its first resolving contact did.
 */
public final class ServiceContacts {
  private ServiceContacts() {}

  /**
   * Restated: the dates of changed contacts and orders (contacts per 100 orders), and every date
   * of a case one of whose contacts changed (a case's flags need all of its contacts). Computed for
   * some dates, it reads every contact of the cases with a contact on those dates.
   */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.SERVICE_CONTACTS, "date (contact) x channel x touchpoint", io.cx.transform.Horizon.ORDERS,
      (t, d, s) -> d.all() ? compute(t.sparseEvents(), t.orders())
          : d.on(compute(contactsOfCases(t.sparseEvents(), d), d.on(t.orders(), OrdersContract.DATE)), DATE),
      (c, t, s) -> Dates.of(Dates.union(c.events().dates(), c.orders().dates(), Dates.ofKeys(
          t.sparseEvents().where(col(EVENT_TYPE).equalTo(CONTACT)), CASE_ID, c.events().keys(), DATE))),
      Headline.rate("wait_seconds_avg", ServiceContacts.WAIT_SECONDS_SUM, ServiceContacts.WAIT_SECONDS_COUNT, false),
      Headline.rate("resolution_seconds_avg", ServiceContacts.RESOLUTION_SECONDS_SUM, ServiceContacts.CASES_RESOLVED,
          false),
      Headline.rate("fcr_rate", ServiceContacts.FIRST_CONTACT_RESOLVED, ServiceContacts.CASES_OPENED, true));

  /** The contacts of every case that has a contact on one of the dates. */
  static Dataset<Row> contactsOfCases(Dataset<Row> events, Dates dates) {
    Dataset<Row> contacts = events.where(col(EVENT_TYPE).equalTo(CONTACT));
    Dataset<Row> cases = dates.on(contacts, DATE).select(col(CASE_ID).as("_case")).distinct();
    return contacts.join(cases, col(CASE_ID).eqNullSafe(col("_case")), "left_semi");
  }

  public static final String CONTACTS = "contacts";
  public static final String CASES_OPENED = "cases_opened";
  public static final String FIRST_CONTACT_RESOLVED = "first_contact_resolved";
  public static final String FCR_RATE = "fcr_rate";
  public static final String WAIT_SECONDS_SUM = "wait_seconds_sum";
  public static final String WAIT_SECONDS_COUNT = "wait_seconds_count";
  public static final String WAIT_SECONDS_AVG = "wait_seconds_avg";
  public static final String WAIT_SECONDS_P90 = "wait_seconds_p90";
  public static final String HANDLE_SECONDS_SUM = "handle_seconds_sum";
  public static final String HANDLE_SECONDS_COUNT = "handle_seconds_count";
  public static final String HANDLE_SECONDS_AVG = "handle_seconds_avg";
  public static final String CASES_RESOLVED = "cases_resolved";
  public static final String RESOLUTION_SECONDS_SUM = "resolution_seconds_sum";
  public static final String RESOLUTION_SECONDS_AVG = "resolution_seconds_avg";
  /** All contacts that day, every channel (the same on every row of the day). */
  public static final String DAY_CONTACTS = "day_contacts";
  /** All orders that day, every channel (the same on every row of the day). */
  public static final String DAY_ORDERS = "day_orders";
  public static final String CONTACTS_PER_100_ORDERS = "contacts_per_100_orders";

  public static Dataset<Row> compute(Dataset<Row> events, Dataset<Row> orders) {
    Dataset<Row> contacts = withCaseFlags(events.where(col(EVENT_TYPE).equalTo(CONTACT)));
    Dataset<Row> perGrain = Kpi.aggregate(contacts, List.of(col(DATE), col(CHANNEL), col(TOUCHPOINT)), List.of(
        Kpi.of(CONTACTS, count(lit(1))),
        countIf(CASES_OPENED, col("_first")),
        countIf(FIRST_CONTACT_RESOLVED, col("_first").and(coalesce(col(RESOLVED), lit(false)))),
        Kpi.of(WAIT_SECONDS_SUM, sum(col(WAIT_SECONDS))),
        Kpi.of(WAIT_SECONDS_COUNT, count(col(WAIT_SECONDS))),
        Kpi.of(WAIT_SECONDS_P90, percentile(col(WAIT_SECONDS), lit(0.9))),
        Kpi.of(HANDLE_SECONDS_SUM, sum(col(HANDLE_SECONDS))),
        Kpi.of(HANDLE_SECONDS_COUNT, count(col(HANDLE_SECONDS))),
        countIf(CASES_RESOLVED, col("_first_resolving")),
        Kpi.of(RESOLUTION_SECONDS_SUM, Kpi.exactSum(when(col("_first_resolving"), col("_resolution_seconds"))))));
    Dataset<Row> dayOrders = orders.groupBy(col(OrdersContract.DATE).as("_order_day")).agg(count(lit(1)).as(DAY_ORDERS));
    // Every contact is in one row of its day: the day's rows add up to the day's contacts.
    return perGrain
        .withColumn(DAY_CONTACTS, sum(col(CONTACTS)).over(Window.partitionBy(col(DATE))))
        .join(dayOrders, col(DATE).equalTo(col("_order_day")), "left")
        .drop("_order_day")
        .withColumn(DAY_ORDERS, coalesce(col(DAY_ORDERS), lit(0L)))
        .withColumn(FCR_RATE, Kpi.ratio(FIRST_CONTACT_RESOLVED, CASES_OPENED))
        .withColumn(WAIT_SECONDS_AVG, Kpi.ratio(WAIT_SECONDS_SUM, WAIT_SECONDS_COUNT))
        .withColumn(HANDLE_SECONDS_AVG, Kpi.ratio(HANDLE_SECONDS_SUM, HANDLE_SECONDS_COUNT))
        .withColumn(RESOLUTION_SECONDS_AVG, Kpi.ratio(RESOLUTION_SECONDS_SUM, CASES_RESOLVED))
        .withColumn(CONTACTS_PER_100_ORDERS, Kpi.percent(DAY_CONTACTS, DAY_ORDERS));
  }

  /** Marks each contact as its case's first, and as its case's first resolving contact. */
  static Dataset<Row> withCaseFlags(Dataset<Row> contacts) {
    WindowSpec byCase = Window.partitionBy(col(CASE_ID));
    Column order = Columns.inTimeOrder();
    Column resolving = coalesce(col(RESOLVED), lit(false));
    Column firstId = min_by(col(EVENT_ID), order).over(byCase);
    Column firstTime = org.apache.spark.sql.functions.min(col(EVENT_TIME)).over(byCase);
    Column firstResolvingId = min_by(col(EVENT_ID), when(resolving, order)).over(byCase);
    return contacts
        .withColumn("_first", col(EVENT_ID).equalTo(firstId))
        .withColumn("_first_resolving", coalesce(col(EVENT_ID).equalTo(firstResolvingId), lit(false)))
        .withColumn("_resolution_seconds", Columns.secondsBetween(firstTime, col(EVENT_TIME)));
  }
}
