package io.cx.metrics;

import java.util.List;

/**
 * The published KPI tables: their names, and the registry of their {@link KpiTable declarations}
 * that full runs, runs by date and staging iterate. A new KPI table is one class with its
 * declaration, plus one line in {@link #DECLARED}.
 */
public final class KpiTables {
  private KpiTables() {}

  public static final String CART_ABANDONMENT = "kpi_cart_abandonment";
  public static final String PAGES_BEFORE_PURCHASE = "kpi_pages_before_purchase";
  public static final String RETURNS = "kpi_returns";
  public static final String SERVICE_CONTACTS = "kpi_service_contacts";
  public static final String ORDER_CONTACTS = "kpi_order_contacts";
  public static final String REPEAT_PURCHASE = "kpi_repeat_purchase";
  public static final String RETENTION_COHORTS = "kpi_retention_cohorts";
  public static final String SURVEYS = "kpi_surveys";
  public static final String JOURNEY_CONVERSION = "kpi_journey_conversion";
  public static final String JOURNEY_CONVERSION_LAST_CHANNEL = "kpi_journey_conversion_last_channel";
  public static final String TOUCHPOINT_SUMMARY = "touchpoint_summary";
  public static final String SOCIAL = "kpi_social";
  public static final String REFERRALS = "kpi_referrals";
  public static final String SEGMENTS = "kpi_segments";
  public static final String LIFECYCLE = "kpi_lifecycle";
  public static final String SCORECARD = "cx_scorecard";

  /** The column of a KPI row's date (a day in the reporting time zone, or a period's first day). */
  public static final String DATE = "date";
  /**
   * The partition column of every KPI table and the scorecard: a month, {@code YYYY-MM}. A KPI
   * table is small, so a month of its rows is one file, not thirty; its rows keep their
   * {@link #DATE} as a column. The cohort table's month is the cohort month.
   */
  public static final String MONTH = "month";

  /** The {@link #MONTH} partition value of a date: {@code YYYY-MM}. */
  public static org.apache.spark.sql.Column monthOf(org.apache.spark.sql.Column date) {
    return io.cx.transform.Columns.monthOf(date);
  }

  /** The first day of the month of the as-of time, in the reporting zone, as a date literal. */
  public static org.apache.spark.sql.Column asOfMonth(java.time.Instant asOf, java.time.ZoneId zone) {
    return org.apache.spark.sql.functions.to_date(org.apache.spark.sql.functions.lit(
        java.time.LocalDate.ofInstant(asOf, zone).withDayOfMonth(1).toString()));
  }

  /**
   * The instant a period ends at, given the first day after it (a date in the reporting zone), or
   * the as-of time if that is earlier: what a period not over yet is measured at.
   */
  public static org.apache.spark.sql.Column endOrAsOf(org.apache.spark.sql.Column dayAfter,
      io.cx.transform.TransformSettings s) {
    return org.apache.spark.sql.functions.least(io.cx.transform.Columns.instant(s.asOf()),
        org.apache.spark.sql.functions.to_utc_timestamp(dayAfter.cast("timestamp"), s.reportingTimeZone().getId()));
  }

  /** The {@link #MONTH} partition value of a date given as {@code YYYY-MM-DD}. */
  public static String monthOf(String date) {
    return date.substring(0, 7);
  }

  /**
   * The months a run by date restates in a table of monthly rows measured at each month's end:
   * every month from the earliest date whose events or orders changed to the as-of month, and
   * always the as-of month (measured at the new as-of time) and the month before it (which the
   * previous run may have measured before its end). Returned as the months' first days; the
   * months older than the table's horizon are then left as published.
   */
  static io.cx.transform.Dates monthsSinceChange(io.cx.transform.DetailChanges c, io.cx.transform.TransformSettings s) {
    java.time.LocalDate asOfMonth = asOfMonthStart(s);
    java.time.LocalDate first = io.cx.transform.Dates.union(c.events().dates(), c.orders().dates()).stream()
        .map(java.time.LocalDate::parse).map(d -> d.withDayOfMonth(1))
        .reduce(asOfMonth.minusMonths(1), (a, b) -> a.isBefore(b) ? a : b);
    java.util.Set<String> months = new java.util.TreeSet<>();
    for (java.time.LocalDate m = first; !m.isAfter(asOfMonth); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    return io.cx.transform.Dates.of(months);
  }

  /**
   * The journeys that rows of some dates can name, for a table computed for those dates: a journey
   * is dated by its last event, so the cart journey of a session, or the journey of an order, is
   * dated on or after the session's or the order's date. All journeys for every date.
   */
  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> journeysNamedOn(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> journeys, io.cx.transform.Dates dates) {
    if (dates.all()) {
      return journeys;
    }
    return journeys.where(dates.first()
        .map(f -> org.apache.spark.sql.functions.col(io.cx.transform.JourneysContract.DATE)
            .geq(org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(f))))
        .orElse(org.apache.spark.sql.functions.lit(false)));
  }

  /**
   * The first day of the first month a table of monthly rows is computed for: empty for every
   * month, else that of the earliest date given (the months a run restates run from there to the
   * as-of month), and never after the as-of month.
   */
  static java.util.Optional<java.time.LocalDate> firstMonth(io.cx.transform.Dates months,
      io.cx.transform.TransformSettings s) {
    java.time.LocalDate asOfMonth = asOfMonthStart(s);
    return months.all() ? java.util.Optional.empty()
        : java.util.Optional.of(months.first().map(d -> d.withDayOfMonth(1)).filter(d -> d.isBefore(asOfMonth))
            .orElse(asOfMonth));
  }

  /**
   * The months a monthly row stands for, for a table that keeps one row per active month of a
   * person and carries it through the months without activity: from the row's month {@code month}
   * to the month before the person's next active month {@code nextMonth}, or to {@code lastMonth}
   * (the as-of month) if there is none. One row per month, to be exploded.
   */
  static org.apache.spark.sql.Column monthsUntilNext(org.apache.spark.sql.Column month,
      org.apache.spark.sql.Column nextMonth, org.apache.spark.sql.Column lastMonth) {
    return org.apache.spark.sql.functions.sequence(month,
        org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.add_months(nextMonth, -1), lastMonth),
        org.apache.spark.sql.functions.expr("INTERVAL 1 MONTH"));
  }

  /**
   * The session's shuffle partitions, for a repartition by person ahead of windows along their
   * months. They are kept on purpose: the person-month rows are few bytes but much work each (the
   * windows), and adaptive execution would coalesce them by size into fewer tasks than keep every
   * core busy (3 on 2 cores at 9 M events, the last of them running alone).
   */
  static int shufflePartitions(org.apache.spark.sql.SparkSession spark) {
    return Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
  }

  private static java.time.LocalDate asOfMonthStart(io.cx.transform.TransformSettings s) {
    return s.asOfDate().withDayOfMonth(1);
  }

  /** Every KPI table computed from the detail tables, in publishing order; the scorecard is built over them. */
  public static final List<KpiTable> DECLARED = List.of(
      CartAbandonment.TABLE,
      PagesBeforePurchase.TABLE,
      Returns.TABLE,
      ServiceContacts.TABLE,
      OrderContacts.TABLE,
      RepeatPurchase.TABLE,
      RetentionCohorts.TABLE,
      Surveys.TABLE,
      JourneyConversion.FIRST_CHANNEL_TABLE,
      JourneyConversion.LAST_CHANNEL_TABLE,
      TouchpointSummary.TABLE,
      Social.TABLE,
      Referrals.TABLE,
      Segments.TABLE,
      Lifecycle.TABLE);

  /**
   * The scorecard's horizon. A period's row adds up the KPI rows dated in it (and counts churn and
   * referrals from the orders and events), so it is open while any of its days is open in one of
   * those tables: the longest of their horizons, back to the first day of the quarter, or of the
   * week when that starts earlier, that holds that day.
   */
  public static final io.cx.transform.Horizon SCORECARD_HORIZON = new io.cx.transform.Horizon(
      "the longest horizon of the tables it reads, back to the first day of that quarter (or of that week, if earlier)",
      w -> java.util.stream.Stream.concat(
              DECLARED.stream().filter(k -> !k.headlines().isEmpty()).map(KpiTable::horizon),
              java.util.stream.Stream.of(io.cx.transform.Horizon.ORDERS, io.cx.transform.Horizon.EVENTS))
          .map(h -> h.length().apply(w)).flatMap(java.util.Optional::stream).max(java.time.Duration::compareTo),
      Scorecard::firstPeriodStart);

  /** The scorecard's partition column: the month of each period's first day, like the KPI tables. */
  public static final String SCORECARD_PARTITION = MONTH;

  /** The scorecard lies like a KPI table: a row per period, dated by the period's first day, in monthly partitions. */
  public static final io.cx.transform.TableLayout SCORECARD_LAYOUT =
      io.cx.transform.TableLayout.aggregate(SCORECARD_PARTITION, java.util.Optional.of(DATE));

  /** The names of every KPI table and the scorecard. */
  public static final List<String> ALL = java.util.stream.Stream.concat(DECLARED.stream().map(KpiTable::name),
      java.util.stream.Stream.of(SCORECARD)).toList();
}
