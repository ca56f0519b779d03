package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * RFM scores and segments by hand. Month 1: five buyers, a and b alike in everything (their tie
 * broken by customer_id), and f without an order. Month 2: one buyer alone.
 *
 * <pre>
 *   customer  latest order  orders  money   R  F  M  fm  segment
 *   a         03-01         1       10      3  1  1  1   needs_attention (r = 3)
 *   b         03-01         1       10      4  2  2  2   new (r >= 4, one order)
 *   c         02-01         3       300     2  3  3  3   at_risk (r <= 2, fm >= 3)
 *   d         01-01         5       500     1  5  5  5   at_risk
 *   e         03-05         4       400     5  4  4  4   champions (r >= 4, fm >= 4)
 *   f         -             0       0       -  -  -  -   (none)
 *   g (m. 2)  03-01         2       50      5  5  5  5   champions (alone, so top of every ranking)
 * </pre>
 */
class RfmTest {
  final SparkSession spark = TestSpark.session();

  @Test
  void quintilesTiesAndSegmentsPerGroup() {
    Dataset<Row> rows = spark.sql("""
        SELECT * FROM VALUES
          (1, 'a', TIMESTAMP '2026-03-01 10:00:00', 1L, 10.0),
          (1, 'b', TIMESTAMP '2026-03-01 10:00:00', 1L, 10.0),
          (1, 'c', TIMESTAMP '2026-02-01 10:00:00', 3L, 300.0),
          (1, 'd', TIMESTAMP '2026-01-01 10:00:00', 5L, 500.0),
          (1, 'e', TIMESTAMP '2026-03-05 10:00:00', 4L, 400.0),
          (1, 'f', CAST(NULL AS TIMESTAMP), 0L, 0.0),
          (2, 'g', TIMESTAMP '2026-03-01 10:00:00', 2L, 50.0)
        AS t(month, customer_id, last_order_at, orders, money)""");
    Map<String, String> got = new HashMap<>();
    for (Row r : Rfm.scored(rows, List.of(col("month")), col("customer_id"), col("last_order_at"), col("orders"),
        col("money")).collectAsList()) {
      got.put(r.getAs("customer_id"), r.getAs(Rfm.RECENCY) + "" + r.getAs(Rfm.FREQUENCY) + r.getAs(Rfm.MONETARY)
          + " " + r.getAs(Rfm.SEGMENT));
    }
    assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of(
        "a", "311 needs_attention",
        "b", "422 new",
        "c", "233 at_risk",
        "d", "155 at_risk",
        "e", "544 champions",
        "f", "nullnullnull null",
        "g", "555 champions"));
  }

  @Test
  void revenueIsRankedByItsExactValueWhereDoublesCannotTellItApart() {
    // Both revenues are the same double; x has the larger one and the smaller customer_id, so a
    // ranking that fell back to the id on equal doubles would put x first.
    Dataset<Row> rows = spark.sql("""
        SELECT month, customer_id, last_order_at, orders, CAST(money AS DECIMAL(38, 2)) AS money FROM VALUES
          (1, 'x', TIMESTAMP '2026-03-01 10:00:00', 1L, '12345678901234567.02'),
          (1, 'y', TIMESTAMP '2026-03-01 10:00:00', 1L, '12345678901234567.01')
        AS t(month, customer_id, last_order_at, orders, money)""");
    Map<String, Integer> monetary = new HashMap<>();
    for (Row r : Rfm.scored(rows, List.of(col("month")), col("customer_id"), col("last_order_at"), col("orders"),
        col("money")).collectAsList()) {
      monetary.put(r.getAs("customer_id"), r.getAs(Rfm.MONETARY));
    }
    assertThat(new java.math.BigDecimal("12345678901234567.02").doubleValue())
        .isEqualTo(new java.math.BigDecimal("12345678901234567.01").doubleValue());
    assertThat(monetary).containsExactlyInAnyOrderEntriesOf(Map.of("y", 3, "x", 5));
  }

  @Test
  void everyScoreCombinationHasASegment() {
    Dataset<Row> all = spark.range(125).select(col("id").divide(25).cast("int").plus(1).as("r"),
        col("id").divide(5).cast("int").mod(5).plus(1).as("f"), col("id").mod(5).plus(1).cast("int").as("m"));
    List<Row> segments = all.select(col("r"), col("f"), col("m"),
        Rfm.segment(col("r"), col("f"), col("m"), org.apache.spark.sql.functions.lit(2L)).as("s")).collectAsList();
    assertThat(segments).hasSize(125);
    for (Row r : segments) {
      assertThat(Rfm.SEGMENTS).as(r.toString()).contains(r.getString(3));
    }
    assertThat(segments.stream().map(r -> r.getString(3)).distinct())
        .containsExactlyInAnyOrder(Rfm.CHAMPIONS, Rfm.LOYAL, Rfm.PROMISING, Rfm.NEEDS_ATTENTION, Rfm.AT_RISK,
            Rfm.HIBERNATING);
  }
}
