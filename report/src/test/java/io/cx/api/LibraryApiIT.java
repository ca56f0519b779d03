package io.cx.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.report.SampleOutput;
import io.cx.testing.TestSpark;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library surface an analyst's job uses: the published tables by name, and the pipeline's
 * steps on the analyst's own events. Derived from every published event, each table equals the
 * published one; derived from one audience, the orders are that audience's.
 */
class LibraryApiIT {
  static final Instant AS_OF = Instant.parse("2026-03-02T00:00:00Z"); // the sample's run
  static SparkSession spark;
  static CxTables published;

  @BeforeAll
  static void open() {
    String out = SampleOutput.get().toString();
    spark = TestSpark.session();
    published = CxTables.open(spark, out);
  }

  /** Same multiset of rows, columns matched by name. */
  static void assertSameRows(String table, Dataset<Row> expected, Dataset<Row> actual) {
    Column[] cols = Arrays.stream(expected.columns()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> a = actual.select(cols);
    assertThat(expected.exceptAll(a).count()).as(table + ": published rows not derived").isZero();
    assertThat(a.exceptAll(expected).count()).as(table + ": derived rows not published").isZero();
  }

  @Test
  void tablesByNameWithTheirContractTypes() {
    assertThat(published.names()).containsAll(CxSteps.tableNames()).contains("rejected_events");
    assertThat(published.table("events").schema().apply("date").dataType().simpleString()).isEqualTo("date");
    assertThat(published.table("kpi_returns").schema().apply("month").dataType().simpleString()).isEqualTo("string");
    assertThat(published.table("kpi_returns").schema().apply("refund_amount").dataType().simpleString())
        .isEqualTo("decimal(18,2)");
    assertThatThrownBy(() -> published.table("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kpi_returns");
  }

  @Test
  void derivedFromEveryPublishedEventEveryTableIsThePublishedOne() {
    CxDerived d = CxSteps.withDefaults(AS_OF).derive(published.table("events"));
    assertThat(d.names()).containsExactlyInAnyOrderElementsOf(CxSteps.tableNames());
    for (String table : CxSteps.tableNames()) {
      assertSameRows(table, published.table(table), d.table(table));
    }
  }

  @Test
  void derivedFromOneAudienceTheOrdersAreTheAudiences() {
    Dataset<Row> events = published.table("events");
    Dataset<Row> reached = events.where("channel = 'email'").select("person_key").distinct();
    CxDerived d = CxSteps.withDefaults(AS_OF).derive(events.join(reached, "person_key"));
    Dataset<Row> theirOrders = published.table("orders")
        .join(reached.withColumnRenamed("person_key", "customer_id"), "customer_id");
    assertThat(theirOrders.count()).isPositive().isLessThan(published.table("orders").count());
    assertSameRows("orders", theirOrders, d.table("orders"));
    assertThatThrownBy(() -> CxSteps.withDefaults(AS_OF).derive(events.drop("event_type")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[event_type]");
  }
}
