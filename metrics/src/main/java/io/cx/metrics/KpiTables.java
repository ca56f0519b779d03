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
  public static final String SCORECARD = "cx_scorecard";

  /** The partition column of every daily table. */
  public static final String DATE = "date";
  /** The partition column of the monthly cohort table: the cohort month, {@code YYYY-MM}. */
  public static final String MONTH = "month";

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
      TouchpointSummary.TABLE);

  /**
   * The scorecard's horizon: it is computed again whole by every run (its rows of past periods
   * change only where the KPI tables under them did).
   */
  public static final io.cx.transform.Horizon SCORECARD_HORIZON = io.cx.transform.Horizon.RECOMPUTED;

  /** The names of every KPI table and the scorecard. */
  public static final List<String> ALL = java.util.stream.Stream.concat(DECLARED.stream().map(KpiTable::name),
      java.util.stream.Stream.of(SCORECARD)).toList();
}
