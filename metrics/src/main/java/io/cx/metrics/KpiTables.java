package io.cx.metrics;

import java.util.List;

/** Names and partition columns of the published KPI tables. */
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

  public static final List<String> ALL = List.of(CART_ABANDONMENT, PAGES_BEFORE_PURCHASE, RETURNS, SERVICE_CONTACTS,
      ORDER_CONTACTS, REPEAT_PURCHASE, RETENTION_COHORTS, SURVEYS, JOURNEY_CONVERSION, JOURNEY_CONVERSION_LAST_CHANNEL,
      TOUCHPOINT_SUMMARY, SCORECARD);
}
