package io.cx.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.cx.transform.Columns;
import io.cx.transform.Dates;
import io.cx.transform.OrdersContract;
import io.cx.transform.TransformSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code cx_scorecard}: one row per period (day, week, month, quarter) x period start x headline
 * KPI (each declared by the KPI table it is read from, see {@link KpiTable#headlines}), plus
 * churn and the referral rate, which count distinct customers per period. Values are re-aggregated from the KPI tables' numerators and denominators, never
 * averaged from their rates, and compared with the previous period and, where configured, a goal.
 */
public final class Scorecard {
  private Scorecard() {}

  public static final List<String> PERIODS = List.of("day", "week", "month", "quarter");

  public static final String PERIOD = "period";
  /** The first day of the period; the table is partitioned by its month ({@link KpiTables#MONTH}). */
  public static final String DATE = KpiTables.DATE;
  public static final String PERIOD_END = "period_end";
  public static final String KPI = "kpi";
  public static final String NUMERATOR = "numerator";
  public static final String DENOMINATOR = "denominator";
  public static final String VALUE = "value";
  public static final String PREVIOUS_VALUE = "previous_value";
  public static final String CHANGE = "change";
  public static final String BASELINE = "baseline";
  public static final String TARGET = "target";
  public static final String ON_TRACK = "on_track";
  public static final String HIGHER_IS_BETTER = "higher_is_better";

  public static final String CHURN_RATE = "churn_rate";
  public static final String REFERRAL_RATE = "referral_rate";

  /** The names of every scorecard KPI, for validating goals. */
  public static List<String> kpiNames() {
    List<String> names = new ArrayList<>();
    KpiTables.DECLARED.forEach(k -> k.headlines().forEach(h -> names.add(h.kpi())));
    names.add(CHURN_RATE);
    names.add(REFERRAL_RATE);
    return names;
  }

  /**
   * The scorecard of the staged KPI tables; {@code events} are read for the referrals only, so the
   * {@link io.cx.transform.DetailTables#sparseEvents} will do.
   */
  public static Dataset<Row> compute(Map<String, Dataset<Row>> kpiTables, Dataset<Row> events, Dataset<Row> orders,
      List<Goal> goals, TransformSettings s) {
    return compute(kpiTables, events, orders, Optional.empty(), Optional.empty(), goals, s, Dates.ALL);
  }

  /**
   * The rows of the periods that start on one of {@code periods} ({@link Dates#ALL}: every
   * period), computed from what is dated from the first of them on. A run by date gives every day
   * from the scorecard's first open date on; the periods these are compared with start before it,
   * so they are final, and their values are read from {@code published} (the scorecard as
   * published, required then) rather than computed again. Churn at the ends of those periods
   * reads each customer's latest order before the first of them and their orders from it on, the
   * orders before it from {@code history}'s totals where that collapses no later than that day.
   */
  public static Dataset<Row> compute(Map<String, Dataset<Row>> kpiTables, Dataset<Row> events, Dataset<Row> orders,
      Optional<io.cx.transform.OrderHistory> history, Optional<Dataset<Row>> published, List<Goal> goals,
      TransformSettings s, Dates periods) {
    Optional<java.time.LocalDate> first = periods.first();
    if (first.isPresent() && published.isEmpty()) {
      throw new IllegalArgumentException("the scorecard's periods from " + first.get()
          + " on are compared with its published rows before then, and none were given");
    }
    Optional<Column> from = first.map(d -> lit(java.sql.Date.valueOf(d)));
    // Rows dated from there on; a period that starts before it (a week across it) would be partial.
    UnaryOperator<Dataset<Row>> fromOn = df -> from.map(f -> df.where(col(DATE).geq(f))).orElse(df);
    Dataset<Row> daily = null;
    for (KpiTable k : KpiTables.DECLARED) {
      for (Headline h : k.headlines()) {
        Dataset<Row> rows = fromOn.apply(kpiTables.get(k.name())).where(h.where()).select(
            lit(h.kpi()).as(KPI), col(DATE),
            h.numerator().cast("double").as(NUMERATOR), h.denominator().cast("double").as(DENOMINATOR),
            lit(h.scale()).as("_scale"), lit(h.higherIsBetter()).as(HIGHER_IS_BETTER));
        daily = daily == null ? rows : daily.unionByName(rows);
      }
    }
    // Each daily row counts once in its day, its week, its month and its quarter.
    Dataset<Row> byPeriod = fromOn.apply(daily.withColumn("_period", explode(array(periodsOfDate())))
        .groupBy(col("_period").getField(PERIOD).as(PERIOD), col("_period").getField(DATE).as(DATE), col(KPI),
            col("_scale"), col(HIGHER_IS_BETTER))
        .agg(Kpi.exactSum(col(NUMERATOR)).as(NUMERATOR), Kpi.exactSum(col(DENOMINATOR)).as(DENOMINATOR)))
        // A few thousand rows, read twice below (the periods churn is measured at, and the rows
        // compared): materialise them once instead of re-reading every KPI table each time.
        .localCheckpoint();
    // Churn is measured at the ends of those periods, all after the first of them starts: each
    // customer's orders before then count through their latest one.
    Dataset<Row> churnOrders = from.map(f -> io.cx.transform.OrderHistory.usableAt(history, first)
            .map(h -> latestBefore(h.recent(), f, Optional.of(h.totals())))
            .orElseGet(() -> latestBefore(orders, f, Optional.empty())))
        .orElse(orders);
    // Compared with itself (each period with the one before): materialised, so that churn and the
    // referral rate, which read the orders, are computed once rather than once per side.
    Dataset<Row> all = byPeriod.unionByName(churn(churnOrders, byPeriod, s))
        .unionByName(fromOn.apply(referralRate(fromOn.apply(events), fromOn.apply(orders))))
        .localCheckpoint();
    return compareAndTarget(all, from.map(f -> finalValues(published.get(), f)), goals).where(periods.on(col(DATE)));
  }

  /**
   * The published values of the periods that start before {@code first} and may be compared with
   * one that starts on or after it: those that start at most a quarter (the longest period) earlier.
   */
  static Dataset<Row> finalValues(Dataset<Row> published, Column first) {
    return published.where(col(DATE).lt(first).and(col(DATE).geq(org.apache.spark.sql.functions.add_months(first, -3))))
        .select(col(KPI), col(PERIOD), col(DATE), col(VALUE));
  }

  /** The columns of the published scorecard that a run by date reads (the values of final periods). */
  public static final org.apache.spark.sql.types.StructType COMPARED_COLUMNS = new org.apache.spark.sql.types.StructType()
      .add(PERIOD, org.apache.spark.sql.types.DataTypes.StringType)
      .add(DATE, org.apache.spark.sql.types.DataTypes.DateType)
      .add(KPI, org.apache.spark.sql.types.DataTypes.StringType)
      .add(VALUE, org.apache.spark.sql.types.DataTypes.DoubleType);

  /**
   * The first day of the earliest period (quarter, or week when it starts earlier) that holds
   * {@code day}: from a first open date, the first period start whose row may change.
   */
  public static java.time.LocalDate firstPeriodStart(java.time.LocalDate day) {
    java.time.LocalDate week = day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    java.time.LocalDate quarter = quarterStart(day);
    return week.isBefore(quarter) ? week : quarter;
  }

  private static java.time.LocalDate quarterStart(java.time.LocalDate day) {
    return day.withDayOfMonth(1).withMonth((day.getMonthValue() - 1) / 3 * 3 + 1);
  }

  /**
   * The orders churn needs at the ends after {@code from}: each customer's latest purchase time
   * before it (their earlier orders are neither anyone's latest order there nor change a count, see
   * {@link #churn}), and every order from it on. With {@code totals}
   * ({@link io.cx.transform.OrderHistory#totals}), the orders dated before some earlier day are
   * not in {@code orders} but collapsed there. The collapsed row has no order_id: {@link #churn}
   * orders a customer's orders by time and only then by order_id, and every order from
   * {@code from} on is later than it.
   */
  static Dataset<Row> latestBefore(Dataset<Row> orders, Column from, Optional<Dataset<Row>> totals) {
    Column early = col(OrdersContract.DATE).lt(from);
    Dataset<Row> earlier = orders.where(early).select(col(OrdersContract.CUSTOMER_ID), col(OrdersContract.PURCHASED_AT));
    if (totals.isPresent()) {
      earlier = earlier.unionByName(totals.get().select(col(OrdersContract.CUSTOMER_ID),
          col(io.cx.transform.OrderHistory.LAST_ORDER_AT).as(OrdersContract.PURCHASED_AT)));
    }
    Dataset<Row> latest = earlier.groupBy(col(OrdersContract.CUSTOMER_ID))
        .agg(max(col(OrdersContract.PURCHASED_AT)).as(OrdersContract.PURCHASED_AT))
        .withColumn(OrdersContract.ORDER_ID, lit(null).cast("string"));
    return latest.unionByName(orders.where(early.unary_$bang()).select(col(OrdersContract.CUSTOMER_ID),
        col(OrdersContract.PURCHASED_AT), col(OrdersContract.ORDER_ID)));
  }

  /** The day, week, month and quarter of the row's {@link #DATE}, as structs of {@link #PERIOD} and first day. */
  private static Column[] periodsOfDate() {
    return PERIODS.stream()
        .map(p -> struct(lit(p).as(PERIOD), periodStart(col(DATE), p).as(DATE))).toArray(Column[]::new);
  }

  /**
   * The referral rate of each period: customers who sent at least one referral in the period over
   * customers with at least one order in it. Each customer counts once per period on each side.
   *
   * <p>Distinct customers do not add up over days, so each customer's referral days and order days
   * are taken in date order (one shuffle by customer): a day counts for a period when it is the
   * customer's first of that side in the period, that is when the day before it on that side
   * falls in an earlier period. Counting those firsts per period gives the distinct customers
   * without a distinct count per period, which would shuffle every order once per period kind.
   */
  static Dataset<Row> referralRate(Dataset<Row> events, Dataset<Row> orders) {
    Dataset<Row> referring = events.where(col(io.cx.ingest.EventContract.EVENT_TYPE).equalTo(io.cx.ingest.EventContract.REFERRAL))
        .select(col(io.cx.ingest.EventContract.CUSTOMER_ID).as("_customer"), col(io.cx.ingest.EventContract.DATE).as(DATE),
            lit(true).as("_referred"));
    Dataset<Row> ordering = orders.select(col(OrdersContract.CUSTOMER_ID).as("_customer"), col(OrdersContract.DATE).as(DATE),
        lit(false).as("_referred"));
    // Several rows of a customer on one day: all but one have that day as the one before, so only
    // one of them is a first.
    Column dayBefore = lag(col(DATE), 1).over(Window.partitionBy(col("_customer"), col("_referred")).orderBy(col(DATE)));
    Column[] firsts = PERIODS.stream().map(p -> struct(lit(p).as(PERIOD), periodStart(col(DATE), p).as(DATE),
            col("_before").isNull().or(periodStart(col("_before"), p).notEqual(periodStart(col(DATE), p))).as("_first")))
        .toArray(Column[]::new);
    return referring.unionByName(ordering)
        .withColumn("_before", dayBefore)
        .select(col("_referred"), explode(array(firsts)).as("_period"))
        .where(col("_period._first"))
        .groupBy(col("_period").getField(PERIOD).as(PERIOD), col("_period").getField(DATE).as(DATE))
        .agg(sum(when(col("_referred"), 1L).otherwise(0L)).as("_referring"),
            sum(when(col("_referred"), 0L).otherwise(1L)).as("_buying"))
        .select(lit(REFERRAL_RATE).as(KPI), col(PERIOD), col(DATE), lit(1.0).as("_scale"), lit(true).as(HIGHER_IS_BETTER),
            col("_referring").cast("double").as(NUMERATOR), col("_buying").cast("double").as(DENOMINATOR));
  }

  /**
   * Churn at the end of each period (or at the as-of time, for a period not over yet): customers
   * with an order before then whose latest order is more than the churn window before then, over
   * all customers with an order before then.
   *
   * <p>Each order is its customer's latest order for the ends E with {@code t < E <= next} (t its
   * time, next that of the customer's next order, if any), and makes them churned at E when also
   * {@code t + window < E}. So both counts at E are counts of instants before E: the customers at
   * E are the orders' times before E minus their next orders' times before E; the churned ones are
   * the times {@code t + window} before E minus the times {@code max(t + window, next)} before E.
   * Those instants are counted per day (in the reporting zone) and summed up to each end's day:
   * one pass over the orders, however many periods there are.
   */
  static Dataset<Row> churn(Dataset<Row> orders, Dataset<Row> periods, TransformSettings s) {
    java.time.ZoneId zone = s.reportingTimeZone();
    long window = Columns.micros(s.churnWindow());
    Dataset<Row> ends = periods.select(col(PERIOD), col(DATE)).distinct()
        .withColumn("_end", KpiTables.endOrAsOf(periodEnd(col(DATE), col(PERIOD)), s))
        // The last day whose instants are all before the end (an end is a midnight, or the as-of time).
        .withColumn("_upto", Columns.localDate(timestamp_micros(unix_micros(col("_end")).minus(1)), zone));
    Column t = unix_micros(col(OrdersContract.PURCHASED_AT));
    Column next = lead(t, 1).over(Window.partitionBy(col(OrdersContract.CUSTOMER_ID))
        .orderBy(col(OrdersContract.PURCHASED_AT), col(OrdersContract.ORDER_ID)));
    Dataset<Row> spans = orders.select(t.as("_t"), next.as("_next"));
    Column lapsedFrom = col("_t").plus(window);
    // Each instant with what it adds to the customers and to the churned from the next end on.
    Column steps = array(
        step(col("_t"), 1, 0),
        step(col("_next"), -1, 0),
        step(lapsedFrom, 0, 1),
        // greatest() skips nulls: an order without a next one leaves its churned customer churned.
        step(when(col("_next").isNotNull(), greatest(lapsedFrom, col("_next"))), 0, -1));
    Column asOf = lit(Columns.micros(s.asOf()));
    Dataset<Row> byDay = spans.select(explode(steps).as("_s"))
        .where(col("_s.at").isNotNull().and(col("_s.at").lt(asOf)))
        .groupBy(Columns.localDate(timestamp_micros(col("_s.at")), zone).as("_day"))
        .agg(sum(col("_s.customers")).as("_customers"), sum(col("_s.churned")).as("_churned"));
    return ends.join(org.apache.spark.sql.functions.broadcast(byDay), col("_day").leq(col("_upto")))
        .groupBy(col(PERIOD), col(DATE))
        .agg(sum(col("_customers")).as("_base"), sum(col("_churned")).as("_churned"))
        .where(col("_base").gt(0))
        .select(lit(CHURN_RATE).as(KPI), col(PERIOD), col(DATE), lit(1.0).as("_scale"), lit(false).as(HIGHER_IS_BETTER),
            col("_churned").cast("double").as(NUMERATOR), col("_base").cast("double").as(DENOMINATOR));
  }

  private static Column step(Column at, int customers, int churned) {
    return struct(at.as("at"), lit(customers).as("customers"), lit(churned).as("churned"));
  }

  /**
   * Each row with its value, the value of the period before ({@code rows}' own, or from
   * {@code earlier} for one that starts before them) and its goal.
   */
  private static Dataset<Row> compareAndTarget(Dataset<Row> rows, Optional<Dataset<Row>> earlier, List<Goal> goals) {
    Dataset<Row> valued = rows
        .withColumn(VALUE, when(col(DENOMINATOR).notEqual(0), col(NUMERATOR).divide(col(DENOMINATOR)).multiply(col("_scale"))))
        .withColumn(PERIOD_END, date_add(periodEnd(col(DATE), col(PERIOD)), -1));
    Dataset<Row> values = valued.select(col(KPI), col(PERIOD), col(DATE), col(VALUE));
    Dataset<Row> previous = earlier.map(values::unionByName).orElse(values).select(col(KPI).as("_k"), col(PERIOD).as("_p"),
        periodEnd(col(DATE), col(PERIOD)).as("_next_start"), col(VALUE).as(PREVIOUS_VALUE));
    Dataset<Row> compared = valued.join(previous, col(KPI).equalTo(col("_k")).and(col(PERIOD).equalTo(col("_p")))
            .and(col(DATE).equalTo(col("_next_start"))), "left")
        .withColumn(CHANGE, col(VALUE).minus(col(PREVIOUS_VALUE)));
    Column baseline = lit(null).cast("double");
    Column target = lit(null).cast("double");
    for (Goal g : goals) {
      Column applies = col(KPI).equalTo(g.kpi()).and(col(PERIOD).equalTo(g.period()));
      Column t = g.relative() ? col(PREVIOUS_VALUE).multiply(1 + g.change()) : col(PREVIOUS_VALUE).plus(g.change());
      baseline = when(applies, col(PREVIOUS_VALUE)).otherwise(baseline);
      target = when(applies, t).otherwise(target);
    }
    Column onTrack = when(col(TARGET).isNotNull().and(col(VALUE).isNotNull()),
        when(col("_goal_up"), col(VALUE).geq(col(TARGET))).otherwise(col(VALUE).leq(col(TARGET))));
    Column goalUp = lit(false);
    for (Goal g : goals) {
      goalUp = when(col(KPI).equalTo(g.kpi()).and(col(PERIOD).equalTo(g.period())), lit(g.change() > 0)).otherwise(goalUp);
    }
    return compared.withColumn(BASELINE, baseline).withColumn(TARGET, target).withColumn("_goal_up", goalUp)
        .withColumn(ON_TRACK, onTrack)
        .select(col(PERIOD), col(DATE), col(PERIOD_END), col(KPI), col(VALUE), col(NUMERATOR), col(DENOMINATOR),
            col(PREVIOUS_VALUE), col(CHANGE), col(BASELINE), col(TARGET), col(ON_TRACK), col(HIGHER_IS_BETTER),
            KpiTables.monthOf(col(DATE)).as(KpiTables.SCORECARD_PARTITION));
  }

  /** First day of the period containing {@code date}; weeks start on Monday. */
  static Column periodStart(Column date, String period) {
    return to_date(date_trunc(period, date.cast("timestamp")));
  }

  /** First day of the next period. */
  static Column periodEnd(Column start, Column period) {
    return when(period.equalTo("day"), date_add(start, 1))
        .when(period.equalTo("week"), date_add(start, 7))
        .when(period.equalTo("month"), org.apache.spark.sql.functions.add_months(start, 1))
        .otherwise(org.apache.spark.sql.functions.add_months(start, 3));
  }
}
