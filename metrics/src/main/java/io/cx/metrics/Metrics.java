package io.cx.metrics;

import io.cx.transform.TransformSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The metrics stage: every KPI table, then the scorecard over them. */
public final class Metrics {
  private Metrics() {}

  /** The per-touchpoint KPI tables by name, every date, in publishing order (the scorecard is built over them). */
  public static Map<String, Dataset<Row>> kpiTables(Dataset<Row> events, Dataset<Row> sessions,
      Dataset<Row> journeys, Dataset<Row> orders, TransformSettings s) {
    DetailTables tables = new DetailTables(events, sessions, journeys, orders);
    Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
    for (KpiTable k : KpiTables.DECLARED) {
      kpis.put(k.name(), k.compute(tables, Dates.ALL, s));
    }
    return kpis;
  }
}
