package io.cx.metrics;

import io.cx.transform.JourneysContract;
import io.cx.transform.TransformSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The metrics stage: every KPI table, then the scorecard over them. */
public final class Metrics {
  private Metrics() {}

  /** The per-touchpoint KPI tables by name, in publishing order (the scorecard is built over them). */
  public static Map<String, Dataset<Row>> kpiTables(Dataset<Row> events, Dataset<Row> sessions,
      Dataset<Row> journeys, Dataset<Row> orders, TransformSettings s) {
    Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
    kpis.put(KpiTables.CART_ABANDONMENT, CartAbandonment.compute(sessions, journeys));
    kpis.put(KpiTables.PAGES_BEFORE_PURCHASE, PagesBeforePurchase.compute(orders, journeys));
    kpis.put(KpiTables.RETURNS, Returns.compute(orders));
    kpis.put(KpiTables.SERVICE_CONTACTS, ServiceContacts.compute(events, orders));
    kpis.put(KpiTables.ORDER_CONTACTS, OrderContacts.compute(orders));
    kpis.put(KpiTables.REPEAT_PURCHASE, RepeatPurchase.compute(orders));
    kpis.put(KpiTables.RETENTION_COHORTS, RetentionCohorts.compute(orders, s.asOf(), s.reportingTimeZone()));
    kpis.put(KpiTables.SURVEYS, Surveys.compute(events));
    kpis.put(KpiTables.JOURNEY_CONVERSION, JourneyConversion.compute(journeys, JourneysContract.FIRST_CHANNEL));
    kpis.put(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL,
        JourneyConversion.compute(journeys, JourneysContract.LAST_CHANNEL));
    kpis.put(KpiTables.TOUCHPOINT_SUMMARY, TouchpointSummary.compute(events));
    return kpis;
  }
}
