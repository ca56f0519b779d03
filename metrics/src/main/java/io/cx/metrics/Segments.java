package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
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
      (t, d, s) -> compute(t.orders(), t.orderHistory(), t.sparseEvents(), t.customers(), s, d),
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
    return compute(orders, java.util.Optional.empty(), events, customers, s, monthsToCompute);
  }

  /**
   * {@link #compute(Dataset, Dataset, Dataset, TransformSettings, Dates)}, reading the orders
   * before the first month computed from {@code orderHistory}'s totals where it collapses no
   * later than that month: the same rows, without every order of the output's history.
   */
  public static Dataset<Row> compute(Dataset<Row> orders, java.util.Optional<io.cx.transform.OrderHistory> orderHistory,
      Dataset<Row> events, Dataset<Row> customers, TransformSettings s, Dates monthsToCompute) {
    Column asOfMonth = KpiTables.asOfMonth(s.asOf(), s.reportingTimeZone());
    java.util.Optional<Column> from = KpiTables.firstMonth(monthsToCompute, s).map(m -> lit(java.sql.Date.valueOf(m)));
    java.util.function.UnaryOperator<Column> notBefore = m -> from.map(f -> greatest(m, f)).orElse(m);
    Column inCurrency = col(OrdersContract.CURRENCY).equalTo(s.reportingCurrency());
    Column money = when(inCurrency, col(OrdersContract.AMOUNT)).otherwise(lit(0).cast(EventContract.MONEY));
    // Two things per customer and month: the orders placed before the as-of time, whose running
    // totals the RFM scores and churn are measured on (an order counts from the month of its date
    // on), and what the customer did in the month itself if it is computed (orders, NPS answers;
    // rows dated before the first such month are not read for these). One row per order and
    // answer, shuffled once by customer for the month totals and the running totals along them.
    Column placed = col(OrdersContract.PURCHASED_AT).lt(Columns.instant(s.asOf()));
    Column computed = from.map(f -> col(OrdersContract.DATE).geq(f)).orElse(lit(true));
    Column one = lit(1L);
    java.util.Optional<io.cx.transform.OrderHistory> collapsed = io.cx.transform.OrderHistory.usableAt(orderHistory,
        KpiTables.firstMonth(monthsToCompute, s));
    Dataset<Row> orderRows = collapsed.map(io.cx.transform.OrderHistory::recent).orElse(orders)
        .select(col(OrdersContract.CUSTOMER_ID).as(CUSTOMER),
        notBefore.apply(trunc(col(OrdersContract.DATE), "month")).as(M),
        when(placed, col(OrdersContract.PURCHASED_AT)).as("_placed_at"), when(placed, one).as("_placed"),
        when(placed, money).as("_placed_money"),
        when(computed, one).as(ORDERS), when(computed, money).as(REVENUE),
        when(computed.and(col(OrdersContract.RETURNED)), one).as(RETURNED_ORDERS),
        when(computed.and(col(OrdersContract.CONTACTS).gt(0)), one).as(ORDERS_WITH_CONTACT));
    if (collapsed.isPresent()) {
      // Orders dated before the first month computed, all placed before the as-of time: each
      // customer's count, money and latest one, counted in that month like the orders they stand for.
      Column none = lit(null).cast("long");
      orderRows = orderRows.unionByName(collapsed.get().totals().select(
          col(OrdersContract.CUSTOMER_ID).as(CUSTOMER), from.get().as(M),
          col(io.cx.transform.OrderHistory.LAST_ORDER_AT).as("_placed_at"),
          col(io.cx.transform.OrderHistory.ORDERS).as("_placed"),
          col(io.cx.transform.OrderHistory.MONEY).as("_placed_money"), none.as(ORDERS),
          lit(null).cast(EventContract.MONEY).as(REVENUE), none.as(RETURNED_ORDERS), none.as(ORDERS_WITH_CONTACT)));
    }
    Dataset<Row> eventsOfMonths = from.map(f -> events.where(col(EventContract.DATE).geq(f))).orElse(events);
    Column score = col(EventContract.SCORE);
    Dataset<Row> answerRows = eventsOfMonths.where(col(EventContract.EVENT_TYPE).equalTo(EventContract.SURVEY)
            .and(col(EventContract.SURVEY_TYPE).equalTo(EventContract.NPS)).and(col(EventContract.CUSTOMER_ID).isNotNull()))
        .select(col(EventContract.CUSTOMER_ID).as(CUSTOMER), trunc(col(EventContract.DATE), "month").as(M),
            one.as(RESPONSES), when(score.geq(9), one).as(PROMOTERS), when(score.leq(6), one).as(DETRACTORS));
    List<String> sums = List.of(ORDERS, RETURNED_ORDERS, ORDERS_WITH_CONTACT, RESPONSES, PROMOTERS, DETRACTORS);
    List<Column> monthTotals = new java.util.ArrayList<>(List.of(max(col("_placed_at")).as("_m_last"),
        sum(col("_placed")).as("_m_orders"), sum(col("_placed_money")).as("_m_money"), sum(col(REVENUE)).as(REVENUE)));
    sums.forEach(c -> monthTotals.add(sum(col(c)).as(c)));
    int partitions = KpiTables.shufflePartitions(orders.sparkSession());
    WindowSpec along = Window.partitionBy(col(CUSTOMER)).orderBy(col(M));
    WindowSpec upTo = along.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> activeMonths = orderRows.unionByName(answerRows, true)
        .where(col(M).leq(asOfMonth))
        .repartition(partitions, col(CUSTOMER))
        .groupBy(col(CUSTOMER), col(M))
        .agg(monthTotals.get(0), monthTotals.subList(1, monthTotals.size()).toArray(Column[]::new))
        .withColumn("_last", max(col("_m_last")).over(upTo))
        .withColumn("_orders", sum(col("_m_orders")).over(upTo))
        .withColumn("_money", sum(col("_m_money")).over(upTo))
        .withColumn("_next", lead(col(M), 1).over(along));
    // A customer from the month of their first placed order on, every month to the as-of month: a
    // month without a row of its own carries the running totals of the month before and nothing of
    // its own. Each measured at its end, or at the as-of time.
    List<Column> ownOnly = new java.util.ArrayList<>(List.of(col(CUSTOMER), col(M), col("_last"), col("_orders"),
        col("_money")));
    ownOnly.add(when(col("_own"), col(REVENUE)).as(REVENUE));
    sums.forEach(c -> ownOnly.add(when(col("_own"), col(c)).as(c)));
    Dataset<Row> history = activeMonths.where(col("_orders").gt(0))
        .withColumn("_cm", explode(KpiTables.monthsUntilNext(col(M), col("_next"), asOfMonth)))
        .withColumn("_own", col("_cm").equalTo(col(M)))
        .drop(M).withColumnRenamed("_cm", M)
        .select(ownOnly.toArray(Column[]::new))
        .withColumn(END, KpiTables.endOrAsOf(add_months(col(M), 1), s));
    Dataset<Row> scored = Rfm.scored(history, List.of(col(M)), col(CUSTOMER), col("_last"), col("_orders"),
        col("_money"));
    // One row per customer, month and segment kind: RFM, then each attribute.
    List<String> attributes = io.cx.transform.Customers.attributeColumns(customers);
    List<Column> kinds = new java.util.ArrayList<>();
    kinds.add(struct(lit(RFM).as(SEGMENT_KIND), col(Rfm.SEGMENT).as(SEGMENT)));
    if (!attributes.isEmpty()) {
      List<Column> attributesKept = new java.util.ArrayList<>(
          List.of(col(io.cx.transform.CustomersContract.CUSTOMER_ID).as("_attributes_of")));
      attributes.forEach(a -> {
        attributesKept.add(col(a));
        kinds.add(struct(lit(a).as(SEGMENT_KIND), coalesce(col(a), lit(UNKNOWN)).as(SEGMENT)));
      });
      scored = scored.join(customers.select(attributesKept.toArray(Column[]::new)),
          col(CUSTOMER).equalTo(col("_attributes_of")), "left");
    }
    List<Column> memberColumns = new java.util.ArrayList<>(List.of(col(M), col(CUSTOMER),
        explode(array(kinds.toArray(Column[]::new))).as("_kind"),
        Columns.moreThanApart(col("_last"), col(END), s.churnWindow()).as("_churned"), col(REVENUE)));
    sums.forEach(c -> memberColumns.add(col(c)));
    Dataset<Row> members = scored.select(memberColumns.toArray(Column[]::new))
        .withColumn(SEGMENT_KIND, col("_kind").getField(SEGMENT_KIND))
        .withColumn(SEGMENT, col("_kind").getField(SEGMENT));
    List<Kpi> kpis = new java.util.ArrayList<>(List.of(Kpi.of(CUSTOMERS, count(lit(1)))));
    sums.forEach(c -> kpis.add(Kpi.of(c, coalesce(sum(col(c)), lit(0L)))));
    kpis.add(Kpi.of(REVENUE, coalesce(sum(col(REVENUE)), lit(0)).cast(EventContract.MONEY)));
    kpis.add(countIf(CHURNED, col("_churned")));
    return Kpi.aggregate(members.where(monthsToCompute.on(col(M))), List.of(col(M), col(SEGMENT_KIND), col(SEGMENT)),
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
