package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import io.cx.transform.Columns;
import io.cx.transform.CrossDateKeys;
import io.cx.transform.Dates;
import io.cx.transform.EventsContract;
import io.cx.transform.OrdersContract;
import io.cx.transform.TransformSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code kpi_lifecycle}: one row per month x stage: how many persons are in each journey stage at
 * the month's end (for the month in progress: at the as-of time), judged from their whole history
 * up to then, how many entered it during the month, and from which stage (the stage a month
 * earlier), so that the flows between stages can be drawn. A person is a person_key, so visitors
 * who never identified themselves are in it too.
 */
public final class Lifecycle {
  private Lifecycle() {}

  /**
   * A stage at a month's end depends on the person's history up to then: a run by date restates
   * the months from the earliest change on, and a month older than the orders' horizon is final.
   */
  public static final KpiTable TABLE = new KpiTable(KpiTables.LIFECYCLE, "month x stage",
      KpiTables.MONTH, java.util.Optional.of(KpiTables.DATE), io.cx.transform.Horizon.ORDER_MONTHS,
      (t, d, s) -> compute(t.firsts(), t.sparseEvents(), t.orders(), t.orderHistory(), s, d),
      (c, t, s) -> KpiTables.monthsSinceChange(c, s), List.of());

  public static final String STAGE = "stage";
  public static final String AWARENESS = "awareness";
  public static final String CONSIDERATION = "consideration";
  public static final String FIRST_PURCHASE = "first_purchase";
  public static final String REPEAT = "repeat";
  public static final String ADVOCATE = "advocate";
  public static final String LAPSED = "lapsed";
  /** The stages, along the journey. */
  public static final List<String> STAGES = List.of(AWARENESS, CONSIDERATION, FIRST_PURCHASE, REPEAT, ADVOCATE, LAPSED);
  /** The "previous stage" of a person in the first month they are seen. */
  public static final String NONE = "none";

  public static final String PERSONS = "persons";
  public static final String ENTERED = "entered";
  /** Prefix of the columns that break persons down by their stage a month earlier: from_none, from_awareness, ... */
  public static final String FROM = "from_";
  /** How long an NPS answer of 9-10 or a referral makes a repeat customer an advocate. */
  public static final int ADVOCACY_MONTHS = 12;

  private static final String M = "_m";
  private static final String PERSON = "_person";

  /**
   * The table from when each person is first seen and first carts
   * ({@link io.cx.transform.DetailTables#firsts}), the
   * {@link io.cx.transform.DetailTables#sparseEvents} (NPS answers and referrals) and the orders.
   */
  public static Dataset<Row> compute(Dataset<Row> firsts, Dataset<Row> sparseEvents, Dataset<Row> orders,
      TransformSettings s) {
    return compute(firsts, sparseEvents, orders, s, Dates.ALL);
  }

  /**
   * The rows of some months ({@link Dates#ALL}, or the first days of the months from one to the
   * as-of month). What each person did before the month ahead of the first of them is taken
   * together as if done in that month: the stage there, which the first month's flows start from,
   * and the totals to date from there on are the same.
   */
  public static Dataset<Row> compute(Dataset<Row> firsts, Dataset<Row> sparseEvents, Dataset<Row> orders,
      TransformSettings s, Dates monthsToCompute) {
    return compute(firsts, sparseEvents, orders, java.util.Optional.empty(), s, monthsToCompute);
  }

  /**
   * {@link #compute(Dataset, Dataset, Dataset, TransformSettings, Dates)}, reading the orders
   * before the month ahead of the first month computed from {@code history}'s totals where it
   * collapses no later than that month: the same rows, without every order of the output's history.
   */
  public static Dataset<Row> compute(Dataset<Row> firsts, Dataset<Row> sparseEvents, Dataset<Row> orders,
      java.util.Optional<io.cx.transform.OrderHistory> history, TransformSettings s, Dates monthsToCompute) {
    Column asOfMonth = KpiTables.asOfMonth(s.asOf(), s.reportingTimeZone());
    java.util.Optional<java.time.LocalDate> collapseMonth = KpiTables.firstMonth(monthsToCompute, s)
        .map(Lifecycle::collapseMonth);
    java.util.Optional<Column> before = collapseMonth.map(m -> lit(java.sql.Date.valueOf(m)));
    java.util.function.UnaryOperator<Column> notBefore = m -> before.map(f -> greatest(m, f)).orElse(m);
    Column type = col(EventContract.EVENT_TYPE);
    Column nps = type.equalTo(EventContract.SURVEY).and(col(EventContract.SURVEY_TYPE).equalTo(EventContract.NPS));
    Column referral = type.equalTo(EventContract.REFERRAL);
    // What each person did, by the month it counts in: first seen and first cart (one row each
    // person, from the key rows), the latest NPS answer and referral of each month (from the
    // sparse events, aggregated apart: a latest-by-time aggregation needs a sort) and the orders
    // (a customer_id is the person of its orders).
    Dataset<Row> seen = firsts.select(col(CrossDateKeys.PERSON).as(PERSON),
        notBefore.apply(trunc(col(CrossDateKeys.FIRST_SEEN_DATE), "month")).as(M),
        trunc(col(CrossDateKeys.FIRST_CART_DATE), "month").as("_first_cart"));
    Dataset<Row> said = sparseEvents.where(nps.or(referral))
        .groupBy(col(EventsContract.PERSON_KEY).as(PERSON), notBefore.apply(trunc(col(EventContract.DATE), "month")).as(M))
        .agg(max_by(struct(col(EventContract.SCORE).as("score"), col(EventContract.EVENT_TIME).as("at")),
                when(nps, Columns.inTimeOrder())).as("_nps"),
            max(when(referral, col(EventContract.EVENT_TIME))).as("_referred_at"))
        .select(col(PERSON), col(M), col("_nps").getField("score").as("_nps_score"),
            col("_nps").getField("at").as("_nps_at"), col("_referred_at"));
    java.util.Optional<io.cx.transform.OrderHistory> collapsed = io.cx.transform.OrderHistory.usableAt(history,
        collapseMonth);
    Dataset<Row> bought = collapsed.map(io.cx.transform.OrderHistory::recent).orElse(orders)
        .select(col(OrdersContract.CUSTOMER_ID).as(PERSON),
        notBefore.apply(trunc(col(OrdersContract.DATE), "month")).as(M), lit(1L).as("_order"),
        col(OrdersContract.PURCHASED_AT).as("_order_at"));
    if (collapsed.isPresent()) {
      // The orders dated before that month: each customer's count and latest one, taken together in it.
      bought = bought.unionByName(collapsed.get().totals().select(col(OrdersContract.CUSTOMER_ID).as(PERSON),
          before.get().as(M), col(io.cx.transform.OrderHistory.ORDERS).as("_order"),
          col(io.cx.transform.OrderHistory.LAST_ORDER_AT).as("_order_at")));
    }
    // One shuffle, by person, serves the months' aggregation and the windows along them.
    int partitions = KpiTables.shufflePartitions(sparseEvents.sparkSession());
    WindowSpec along = Window.partitionBy(col(PERSON)).orderBy(col(M));
    WindowSpec toDate = along.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec whole = along.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    List<String> carried = List.of("_orders_to_date", "_last_order_to_date", "_latest_nps", "_referred_to_date");
    Dataset<Row> active = seen.unionByName(said, true).unionByName(bought, true)
        .where(col(M).leq(asOfMonth))
        .repartition(partitions, col(PERSON))
        .groupBy(col(PERSON), col(M))
        .agg(min(col("_first_cart")).as("_first_cart"), max(col("_nps_score")).as("_nps_score"),
            max(col("_nps_at")).as("_nps_at"), max(col("_referred_at")).as("_referred_at"),
            sum(col("_order")).as("_orders"), max(col("_order_at")).as("_last_order_at"))
        .withColumn("_nps", when(col("_nps_at").isNotNull(),
            struct(col("_nps_score").as("score"), col("_nps_at").as("at"))))
        .withColumn("_first_cart", min(col("_first_cart")).over(whole))
        .withColumn("_orders_to_date", coalesce(sum(col("_orders")).over(toDate), lit(0L)))
        .withColumn("_last_order_to_date", max(col("_last_order_at")).over(toDate))
        .withColumn("_latest_nps", last(col("_nps"), true).over(toDate))
        .withColumn("_referred_to_date", max(col("_referred_at")).over(toDate))
        .withColumn("_next", lead(col(M), 1).over(along));
    for (String c : carried) {
      active = active.withColumn("_before" + c, lag(col(c), 1).over(along));
    }
    // Every month from the person's first to the as-of month: a month without a row of its own
    // carries the totals to date of the month before. The stage a month earlier is the stage of
    // the totals to date there (the row's own, or for a month with a row of its own, those of the
    // row before) at that month's end.
    Column own = col(M).equalTo(col("_row_m"));
    Column monthBefore = add_months(col(M), -1);
    // The orders to date are never null, so those of the row before are null only on a person's first row.
    Column firstRow = col("_before_orders_to_date").isNull();
    Column previous = when(own.and(firstRow), lit(NONE))
        .when(own, stage(col("_before_orders_to_date"), col("_before_last_order_to_date"),
            col("_before_latest_nps"), col("_before_referred_to_date"), col("_first_cart"), monthBefore, s))
        .otherwise(stage(col("_orders_to_date"), col("_last_order_to_date"), col("_latest_nps"),
            col("_referred_to_date"), col("_first_cart"), monthBefore, s));
    Dataset<Row> staged = active.withColumnRenamed(M, "_row_m")
        .withColumn(M, explode(KpiTables.monthsUntilNext(col("_row_m"), col("_next"), asOfMonth)))
        .withColumn(STAGE, stage(col("_orders_to_date"), col("_last_order_to_date"), col("_latest_nps"),
            col("_referred_to_date"), col("_first_cart"), col(M), s))
        .withColumn("_previous", previous);
    List<Kpi> kpis = new ArrayList<>(List.of(Kpi.of(PERSONS, count(lit(1))),
        countIf(ENTERED, col("_previous").notEqual(col(STAGE)))));
    previousStages().forEach(p -> kpis.add(countIf(FROM + p, col("_previous").equalTo(p))));
    List<Column> out = new ArrayList<>(List.of(col(M).as(KpiTables.DATE), col(STAGE), col(PERSONS), col(ENTERED)));
    previousStages().forEach(p -> out.add(col(FROM + p)));
    out.add(KpiTables.monthOf(col(M)).as(KpiTables.MONTH));
    return Kpi.aggregate(staged.where(monthsToCompute.on(col(M))), List.of(col(M), col(STAGE)), kpis)
        .select(out.toArray(Column[]::new));
  }

  /**
   * The stage at the end of {@code month} (or at the as-of time, for the month in progress) of a
   * person with these totals to date: their orders, latest order, latest NPS answer (score and
   * time), latest referral, and the month of their first cart.
   */
  private static Column stage(Column ordersToDate, Column lastOrderToDate, Column latestNps, Column referredToDate,
      Column firstCartMonth, Column month, TransformSettings s) {
    Column end = KpiTables.endOrAsOf(add_months(month, 1), s);
    Column since = add_months(end, -ADVOCACY_MONTHS);
    Column promoter = latestNps.getField("score").geq(9).and(latestNps.getField("at").gt(since));
    Column referred = referredToDate.gt(since);
    return when(ordersToDate.geq(1).and(Columns.moreThanApart(lastOrderToDate, end, s.churnWindow())), lit(LAPSED))
        .when(ordersToDate.geq(2).and(coalesce(promoter, lit(false)).or(coalesce(referred, lit(false)))), lit(ADVOCATE))
        .when(ordersToDate.geq(2), lit(REPEAT))
        .when(ordersToDate.equalTo(1), lit(FIRST_PURCHASE))
        .when(coalesce(firstCartMonth.leq(month), lit(false)), lit(CONSIDERATION))
        .otherwise(lit(AWARENESS));
  }

  /**
   * The month into which the table computed from {@code firstMonth} on takes together everything
   * dated before it: the month ahead, whose stages the first month's flows start from.
   */
  static java.time.LocalDate collapseMonth(java.time.LocalDate firstMonth) {
    return firstMonth.withDayOfMonth(1).minusMonths(1);
  }

  /** What a person's stage a month earlier can be: none (first seen this month) or a stage. */
  public static List<String> previousStages() {
    List<String> out = new ArrayList<>(List.of(NONE));
    out.addAll(STAGES);
    return out;
  }
}
