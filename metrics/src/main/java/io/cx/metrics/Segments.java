package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import io.cx.transform.Columns;
import io.cx.transform.Dates;
import io.cx.transform.OrdersContract;
import io.cx.transform.Rfm;
import io.cx.transform.TransformSettings;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code kpi_segments}: one row per month x segment kind x segment, with the headline KPIs of the
 * customers in that segment at the month's end (or at the as-of time, for the month in progress).
 * A customer here is a customer_id with at least one order by then. Kind {@code rfm}: the RFM
 * segment of each customer among all customers with an order by then ({@link Rfm}); then one kind
 * per attribute of the run's customer attributes (their values as given to the run, for every
 * month), {@link #UNKNOWN} for a customer without a value.
 */
public final class Segments {
  private Segments() {}

  /**
   * A month's rows depend on the orders and NPS answers dated up to its end: a run by date
   * restates the months from the earliest change on, and a month older than the orders' horizon
   * is final.
   */
  public static final KpiTable TABLE = new KpiTable(KpiTables.SEGMENTS, "month x segment_kind x segment",
      KpiTables.MONTH, java.util.Optional.of(KpiTables.DATE), io.cx.transform.Horizon.ORDER_MONTHS,
      (t, d, s) -> compute(t.orders(), t.sparseEvents(), t.customers(), s, d),
      (c, t, s) -> KpiTables.monthsSinceChange(c, s), List.of());

  public static final String SEGMENT_KIND = "segment_kind";
  public static final String SEGMENT = "segment";
  public static final String RFM = "rfm";
  /** The segment of a customer without a value for an attribute kind. */
  public static final String UNKNOWN = "unknown";
  public static final String CUSTOMERS = "customers";
  public static final String ORDERS = "orders";
  public static final String REVENUE = "revenue";
  public static final String RETURNED_ORDERS = "returned_orders";
  public static final String RETURN_RATE = "return_rate";
  public static final String ORDERS_WITH_CONTACT = "orders_with_contact";
  public static final String CONTACT_RATE = "contact_rate";
  public static final String RESPONSES = "responses";
  public static final String PROMOTERS = "promoters";
  public static final String DETRACTORS = "detractors";
  public static final String NPS = "nps";
  public static final String CHURNED = "churned";
  public static final String CHURN_RATE = "churn_rate";

  private static final String M = "_m";
  private static final String END = "_end";
  private static final String CUSTOMER = "_customer";

  /** Every month's rows. */
  public static Dataset<Row> compute(Dataset<Row> orders, Dataset<Row> events, Dataset<Row> customers,
      TransformSettings s) {
    return compute(orders, events, customers, s, Dates.ALL);
  }

  /**
   * The rows of some months ({@link Dates#ALL}, or the first days of the months from one to the
   * as-of month). The orders of the months before them are totalled per customer as if placed in
   * the first of them: the running totals from there on are the same.
   */
  public static Dataset<Row> compute(Dataset<Row> orders, Dataset<Row> events, Dataset<Row> customers,
      TransformSettings s, Dates monthsToCompute) {
    Column asOfMonth = KpiTables.asOfMonth(s.asOf(), s.reportingTimeZone());
    java.util.Optional<Column> from = KpiTables.firstMonth(monthsToCompute, s).map(m -> lit(java.sql.Date.valueOf(m)));
    java.util.function.UnaryOperator<Column> notBefore = m -> from.map(f -> greatest(m, f)).orElse(m);
    // Every month from the first order's to the as-of month, each measured at its end or at the as-of time.
    Dataset<Row> months = orders.agg(min(trunc(col(OrdersContract.DATE), "month")).as("_first"))
        .where(col("_first").isNotNull())
        .select(explode(sequence(notBefore.apply(col("_first")), asOfMonth, expr("INTERVAL 1 MONTH"))).as(M))
        .withColumn(END, KpiTables.endOrAsOf(add_months(col(M), 1), s));
    Column inCurrency = col(OrdersContract.CURRENCY).equalTo(s.reportingCurrency());
    Column money = when(inCurrency, col(OrdersContract.AMOUNT)).otherwise(lit(0).cast(EventContract.MONEY));
    // Each customer's orders up to each month's end: what the RFM scores and churn are measured on.
    // A month's end is its last instant in the reporting zone, or the as-of time: an order counts
    // from the month of its date on, if it was placed before the as-of time. Totals per customer
    // and month, then running totals over the customer's months (rather than every order once
    // for every later month).
    Dataset<Row> placed = orders.where(col(OrdersContract.PURCHASED_AT).lt(Columns.instant(s.asOf())))
        .groupBy(col(OrdersContract.CUSTOMER_ID).as(CUSTOMER),
            notBefore.apply(trunc(col(OrdersContract.DATE), "month")).as("_placed"))
        .agg(max(col(OrdersContract.PURCHASED_AT)).as("_m_last"), count(lit(1)).as("_m_orders"),
            sum(money).as("_m_money"));
    Dataset<Row> customerMonths = placed.groupBy(col(CUSTOMER).as("_c")).agg(min(col("_placed")).as("_since"))
        .select(col("_c"), explode(sequence(col("_since"), asOfMonth, expr("INTERVAL 1 MONTH"))).as("_cm"));
    WindowSpec upTo = Window.partitionBy(col(CUSTOMER)).orderBy(col(M))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> history = customerMonths
        .join(placed, col("_c").equalTo(col(CUSTOMER)).and(col("_cm").equalTo(col("_placed"))), "left")
        .select(col("_c").as(CUSTOMER), col("_cm").as(M), col("_m_last"), col("_m_orders"), col("_m_money"))
        .select(col(M), col(CUSTOMER), max(col("_m_last")).over(upTo).as("_last"),
            sum(col("_m_orders")).over(upTo).as("_orders"), sum(col("_m_money")).over(upTo).as("_money"))
        .join(broadcast(months), M);
    Dataset<Row> scored = Rfm.scored(history, List.of(col(M)), col(CUSTOMER), col("_last"), col("_orders"),
        col("_money"));
    // One row per customer, month and segment kind: RFM, then each attribute.
    List<String> attributes = io.cx.transform.Customers.attributeColumns(customers);
    List<Column> kinds = new java.util.ArrayList<>();
    kinds.add(struct(lit(RFM).as(SEGMENT_KIND), col(Rfm.SEGMENT).as(SEGMENT)));
    if (!attributes.isEmpty()) {
      List<Column> kept = new java.util.ArrayList<>(List.of(col(io.cx.transform.CustomersContract.CUSTOMER_ID)
          .as("_attributes_of")));
      attributes.forEach(a -> {
        kept.add(col(a));
        kinds.add(struct(lit(a).as(SEGMENT_KIND), coalesce(col(a), lit(UNKNOWN)).as(SEGMENT)));
      });
      scored = scored.join(customers.select(kept.toArray(Column[]::new)), col(CUSTOMER).equalTo(col("_attributes_of")),
          "left");
    }
    Dataset<Row> members = scored
        .select(col(M), col(CUSTOMER), explode(array(kinds.toArray(Column[]::new))).as("_kind"),
            Columns.moreThanApart(col("_last"), col(END), s.churnWindow()).as("_churned"))
        .select(col(M), col(CUSTOMER), col("_kind").getField(SEGMENT_KIND).as(SEGMENT_KIND),
            col("_kind").getField(SEGMENT).as(SEGMENT), col("_churned"));
    // What each customer did in each month computed: orders placed, and NPS answers given (rows
    // dated before the first such month are not read).
    Dataset<Row> ordersOfMonths = from.map(f -> orders.where(col(OrdersContract.DATE).geq(f))).orElse(orders);
    Dataset<Row> eventsOfMonths = from.map(f -> events.where(col(EventContract.DATE).geq(f))).orElse(events);
    Dataset<Row> bought = Kpi.aggregate(ordersOfMonths, List.of(col(OrdersContract.CUSTOMER_ID).as("_b_customer"),
        trunc(col(OrdersContract.DATE), "month").as("_b_m")), List.of(
            Kpi.of(ORDERS, count(lit(1))),
            Kpi.of(REVENUE, sum(money)),
            countIf(RETURNED_ORDERS, col(OrdersContract.RETURNED)),
            countIf(ORDERS_WITH_CONTACT, col(OrdersContract.CONTACTS).gt(0))));
    Column score = col(EventContract.SCORE);
    Dataset<Row> answered = Kpi.aggregate(eventsOfMonths.where(col(EventContract.EVENT_TYPE).equalTo(EventContract.SURVEY)
            .and(col(EventContract.SURVEY_TYPE).equalTo(EventContract.NPS)).and(col(EventContract.CUSTOMER_ID).isNotNull())),
        List.of(col(EventContract.CUSTOMER_ID).as("_a_customer"), trunc(col(EventContract.DATE), "month").as("_a_m")),
        List.of(Kpi.of(RESPONSES, count(lit(1))), countIf(PROMOTERS, score.geq(9)), countIf(DETRACTORS, score.leq(6))));
    Dataset<Row> joined = members
        .join(bought, col(CUSTOMER).equalTo(col("_b_customer")).and(col(M).equalTo(col("_b_m"))), "left")
        .join(answered, col(CUSTOMER).equalTo(col("_a_customer")).and(col(M).equalTo(col("_a_m"))), "left");
    List<String> sums = List.of(ORDERS, RETURNED_ORDERS, ORDERS_WITH_CONTACT, RESPONSES, PROMOTERS, DETRACTORS);
    List<Kpi> kpis = new java.util.ArrayList<>(List.of(Kpi.of(CUSTOMERS, count(lit(1)))));
    sums.forEach(c -> kpis.add(Kpi.of(c, coalesce(sum(col(c)), lit(0L)))));
    kpis.add(Kpi.of(REVENUE, coalesce(sum(col(REVENUE)), lit(0)).cast(EventContract.MONEY)));
    kpis.add(countIf(CHURNED, col("_churned")));
    return Kpi.aggregate(joined.where(monthsToCompute.on(col(M))), List.of(col(M), col(SEGMENT_KIND), col(SEGMENT)),
            kpis)
        .select(col(M).as(KpiTables.DATE), col(SEGMENT_KIND), col(SEGMENT), col(CUSTOMERS), col(ORDERS), col(REVENUE),
            col(RETURNED_ORDERS), Kpi.ratio(RETURNED_ORDERS, ORDERS).as(RETURN_RATE),
            col(ORDERS_WITH_CONTACT), Kpi.ratio(ORDERS_WITH_CONTACT, ORDERS).as(CONTACT_RATE),
            col(RESPONSES), col(PROMOTERS), col(DETRACTORS),
            when(col(RESPONSES).notEqual(0), col(PROMOTERS).minus(col(DETRACTORS)).multiply(100.0)
                .divide(col(RESPONSES))).as(NPS),
            col(CHURNED), Kpi.ratio(CHURNED, CUSTOMERS).as(CHURN_RATE),
            KpiTables.monthOf(col(M)).as(KpiTables.MONTH));
  }
}
