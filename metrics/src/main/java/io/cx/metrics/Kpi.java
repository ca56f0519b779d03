package io.cx.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A KPI is data: an output column name and the aggregate that computes it. A table computes all
 * of its KPIs in one {@code agg} pass over its grain, then adds the rates derived from them.
 */
public record Kpi(String name, Column aggregate) {

  /** Groups by the grain and computes every KPI in one pass. */
  public static Dataset<Row> aggregate(Dataset<Row> rows, List<Column> grain, List<Kpi> kpis) {
    List<Column> aggs = new ArrayList<>();
    for (Kpi k : kpis) {
      aggs.add(k.aggregate().as(k.name()));
    }
    return rows.groupBy(grain.toArray(Column[]::new))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** Counts rows where the condition holds, as a long (0 when none). */
  public static Kpi countIf(String name, Column condition) {
    return new Kpi(name, count(when(condition, lit(1))));
  }

  public static Kpi of(String name, Column aggregate) {
    return new Kpi(name, aggregate);
  }

  /**
   * The sum of a fractional column (seconds, days), the same to the last bit whatever the order
   * Spark adds the rows in: each value is rounded to 18 decimals and added exactly as a decimal.
   * A plain double sum differs between runs in its last digits, so a rerun over the same data
   * would publish different numbers (and restate partitions that did not change).
   */
  public static Column exactSum(Column fractional) {
    return sum(fractional.cast(EXACT)).cast("double");
  }

  private static final String EXACT = "decimal(38,18)";

  /** numerator / denominator as a double; null when the denominator is 0 or null. */
  public static Column ratio(String numerator, String denominator) {
    return when(col(denominator).notEqual(0), col(numerator).cast("double").divide(col(denominator).cast("double")));
  }

  /** 100 x numerator / denominator; null when the denominator is 0. */
  public static Column percent(String numerator, String denominator) {
    return ratio(numerator, denominator).multiply(100.0);
  }
}
