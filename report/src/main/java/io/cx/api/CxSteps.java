package io.cx.api;

import io.cx.ingest.EventContract;
import io.cx.metrics.KpiTables;
import io.cx.metrics.Metrics;
import io.cx.report.config.CxConfig;
import io.cx.transform.Detail;
import io.cx.transform.DetailTable;
import io.cx.transform.Stage;
import io.cx.transform.Transform;
import io.cx.transform.TransformSettings;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The pipeline's steps on events an analyst chose (one market, one campaign, one segment):
 * identity stitching, sessions, journeys, orders, customers, every KPI table and the scorecard,
 * returned as Datasets. Nothing is read from an output or written to one.
 *
 * <pre>{@code
 * Dataset<Row> events = CxTables.open(spark, "hdfs:///cx").table("events")
 *     .where("customer_id IN (SELECT customer_id FROM campaign)");
 * CxDerived d = CxSteps.withDefaults(Instant.parse("2026-03-01T00:00:00Z")).derive(events);
 * d.table("kpi_cart_abandonment").show();
 * }</pre>
 *
 * <p>The settings are those of {@code cx run} (its reference.conf, or your configuration file),
 * with the run's as-of time. Each derived table is computed once, when {@link #derive} returns,
 * and kept in the executors' memory (or disk) for the session.
 */
public final class CxSteps {
  private final CxConfig config;
  private final Instant asOf;

  private CxSteps(CxConfig config, Instant asOf) {
    this.config = config;
    this.asOf = asOf;
  }

  /** The default settings, as of {@code asOf} (journeys whose last event is within the timeout before it are open). */
  public static CxSteps withDefaults(Instant asOf) {
    return new CxSteps(CxConfig.load(Optional.empty(), Map.of()), asOf);
  }

  /** The settings of a configuration file, as {@code cx run --config FILE} reads it. */
  public static CxSteps withConfig(File hocon, Instant asOf) {
    return new CxSteps(CxConfig.load(Optional.of(hocon), Map.of()), asOf);
  }

  /**
   * Sessions, journeys, orders, customers, the KPI tables and the scorecard of {@code events}:
   * rows with the event contract's columns and {@code date}, such as (a filter of) a published
   * {@code events} table. Keys a previous run added (person_key, session_key, journey_id) are
   * derived again from these events alone.
   */
  public CxDerived derive(Dataset<Row> events) {
    TransformSettings s = config.transformSettings(asOf);
    Dataset<Row> clean = clean(events);
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    Stage keep = (table, rows, dates) -> {
      Dataset<Row> kept = rows.localCheckpoint();
      // The internal tables (a leading underscore) serve runs by date over a published output.
      if (!table.startsWith("_")) {
        out.put(table, kept);
      }
      return kept;
    };
    java.util.Optional<Dataset<Row>> attributes = config.customerAttributes().map(path ->
        io.cx.ingest.CustomerAttributes.read(events.sparkSession(), path, io.cx.transform.CustomersContract.reservedNames()));
    Detail detail = Transform.everyDate(clean, s, keep, java.util.function.Supplier::get, attributes);
    Metrics.tables(detail, config.goals(), s, keep);
    return new CxDerived(out);
  }

  /** The clean events the transform reads: the contract's columns with their types, lineage and date. */
  static Dataset<Row> clean(Dataset<Row> events) {
    List<String> have = Arrays.asList(events.columns());
    List<String> missing = new ArrayList<>();
    List<Column> cols = new ArrayList<>();
    for (StructField f : EventContract.SCHEMA.fields()) {
      if (!have.contains(f.name())) {
        missing.add(f.name());
      } else {
        cols.add(functions.col(f.name()).cast(f.dataType()).as(f.name()));
      }
    }
    if (!have.contains(EventContract.DATE)) {
      missing.add(EventContract.DATE);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the events lack the contract's columns " + missing
          + " (a published events table, or rows with every column of the event contract and date)");
    }
    cols.add(have.contains(EventContract.SOURCE_FILE) ? functions.col(EventContract.SOURCE_FILE)
        : functions.lit(null).cast("string").as(EventContract.SOURCE_FILE));
    cols.add(have.contains(EventContract.LOADED_DATE) ? functions.col(EventContract.LOADED_DATE)
        : functions.col(EventContract.DATE).as(EventContract.LOADED_DATE));
    cols.add(functions.col(EventContract.DATE).cast("date").as(EventContract.DATE));
    return events.select(cols.toArray(Column[]::new));
  }

  /** The names {@link CxDerived#table} knows: the detail tables, the KPI tables, the scorecard. */
  public static List<String> tableNames() {
    List<String> names = new ArrayList<>();
    DetailTable.DECLARED.forEach(t -> names.add(t.name()));
    names.addAll(KpiTables.ALL);
    return names;
  }
}
