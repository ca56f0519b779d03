package io.cx.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;

/**
 * A headline KPI of the scorecard, read from the rows of the KPI table that declares it:
 * sum(numerator) / sum(denominator) x scale over the rows where {@code where} holds.
 */
public record Headline(String kpi, Column where, Column numerator, Column denominator, double scale,
    boolean higherIsBetter) {

  /** numerator / denominator over every row of the table. */
  static Headline rate(String kpi, String numerator, String denominator, boolean higherIsBetter) {
    return new Headline(kpi, lit(true), col(numerator), col(denominator), 1, higherIsBetter);
  }
}
