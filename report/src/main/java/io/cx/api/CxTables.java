package io.cx.api;

import io.cx.report.catalog.PublishedTables;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The published tables of a cx output, as Spark Datasets by table name: each read with its
 * columns as published (its files must agree on them) and its partition column typed as the
 * contract says ({@code date} a date, a KPI table's {@code month} the text {@code YYYY-MM}).
 *
 * <pre>{@code
 * CxTables cx = CxTables.open(spark, "hdfs:///cx");
 * Dataset<Row> returns = cx.table("kpi_returns");
 * }</pre>
 */
public final class CxTables {
  private final Map<String, Dataset<Row>> tables;

  private CxTables(Map<String, Dataset<Row>> tables) {
    this.tables = tables;
  }

  /** Opens every table of the output root {@code output} (reads the Parquet footers; no job runs). */
  public static CxTables open(SparkSession spark, String output) {
    return new CxTables(PublishedTables.open(spark, output));
  }

  /** The table of this name. */
  public Dataset<Row> table(String name) {
    Dataset<Row> t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no table " + name + " in this output; it has " + names());
    }
    return t;
  }

  /** The names of the published tables. */
  public Set<String> names() {
    return tables.keySet();
  }

  /** Registers every table as a temporary view of its name, for {@code spark.sql}. */
  public CxTables registerViews() {
    tables.forEach((name, ds) -> ds.createOrReplaceTempView(name));
    return this;
  }
}
