package io.cx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Cohorts on a handful of orders counted by hand, with a month in which nobody of a cohort ordered. */
class RetentionCohortsTest {
  final SparkSession spark = TestSpark.session();

  @Test
  void everyMonthUpToTheAsOfMonthHasARowAndAMonthWithoutOrdersCountsZero() {
    Dataset<Row> orders = spark.sql("SELECT * FROM VALUES "
        + "('a', DATE'2026-01-05'), ('a', DATE'2026-01-20'), ('a', DATE'2026-03-02'), "
        + "('b', DATE'2026-01-31'), ('c', DATE'2026-02-14') AS t(customer_id, date)");
    List<String> rows = RetentionCohorts.compute(orders, Instant.parse("2026-03-15T00:00:00Z"), ZoneOffset.UTC)
        .orderBy("month", "months_since_first")
        .selectExpr("concat_ws(' ', month, months_since_first, activity_month, cohort_customers, active_customers, "
            + "retention_rate)")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(rows).containsExactly(
        "2026-01 0 2026-01 2 2 1.0",
        "2026-01 1 2026-02 2 0 0.0",
        "2026-01 2 2026-03 2 1 0.5",
        "2026-02 0 2026-02 1 1 1.0",
        "2026-02 1 2026-03 1 0 0.0");
  }
}
