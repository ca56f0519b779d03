package io.cx.metrics;

import io.cx.transform.JourneysContract;
import io.cx.transform.Transform;
import io.cx.transform.TransformSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The metrics stage: every KPI table, then the scorecard over them. */
public final class Metrics {
  private Metrics() {}

  /** The per-touchpoint KPI tables by name, in publishing order (the scorecard is built over them). */
  public static Map<String, Dataset<Row>> kpiTables(Transform.Result t, TransformSettings s) {
    Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
    kpis.put(KpiTables.CART_ABANDONMENT, CartAbandonment.compute(t.sessions(), t.journeys()));
    kpis.put(KpiTables.PAGES_BEFORE_PURCHASE, PagesBeforePurchase.compute(t.orders(), t.journeys()));
    kpis.put(KpiTables.RETURNS, Returns.compute(t.orders()));
    kpis.put(KpiTables.SERVICE_CONTACTS, ServiceContacts.compute(t.events(), t.orders()));
    kpis.put(KpiTables.ORDER_CONTACTS, OrderContacts.compute(t.orders()));
    kpis.put(KpiTables.REPEAT_PURCHASE, RepeatPurchase.compute(t.orders()));
    kpis.put(KpiTables.RETENTION_COHORTS, RetentionCohorts.compute(t.orders(), s.asOf(), s.reportingTimeZone()));
    kpis.put(KpiTables.SURVEYS, Surveys.compute(t.events()));
    kpis.put(KpiTables.JOURNEY_CONVERSION, JourneyConversion.compute(t.journeys(), JourneysContract.FIRST_CHANNEL));
    kpis.put(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL,
        JourneyConversion.compute(t.journeys(), JourneysContract.LAST_CHANNEL));
    kpis.put(KpiTables.TOUCHPOINT_SUMMARY, TouchpointSummary.compute(t.events()));
    return kpis;
  }
}
