package io.cx.api;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What {@link CxSteps#derive} made: every table the pipeline would publish, by name, unpublished. */
public final class CxDerived {
  private final Map<String, Dataset<Row>> tables;

  CxDerived(Map<String, Dataset<Row>> tables) {
    this.tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
  }

  /** The table of this name ({@code sessions}, {@code journeys}, {@code kpi_returns}, {@code cx_scorecard}...). */
  public Dataset<Row> table(String name) {
    Dataset<Row> t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no table " + name + "; there are " + names());
    }
    return t;
  }

  public Set<String> names() {
    return tables.keySet();
  }
}
