package io.cx.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class KpiTest {
  final SparkSession spark = TestSpark.session();

  /** The same values in another order and another partitioning: the exact sum does not move. */
  @Test
  void exactSumDoesNotDependOnTheOrderOfTheRows() {
    List<Double> values = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < 2000; i++) {
      values.add(r.nextDouble() * 86_400 * 30 + 0.000001 * r.nextInt(1_000_000));
    }
    List<Double> shuffled = new ArrayList<>(values);
    Collections.shuffle(shuffled, new Random(8));
    Dataset<Row> a = spark.createDataset(values, Encoders.DOUBLE()).toDF("v").repartition(1);
    Dataset<Row> b = spark.createDataset(shuffled, Encoders.DOUBLE()).toDF("v").repartition(7);

    double exactA = a.agg(Kpi.exactSum(col("v"))).first().getDouble(0);
    double exactB = b.agg(Kpi.exactSum(col("v"))).first().getDouble(0);
    assertThat(exactA).isEqualTo(exactB);
    // The reason it exists: a plain double sum over the same values differs in its last digits.
    double plainA = a.agg(sum(col("v"))).first().getDouble(0);
    double plainB = b.agg(sum(col("v"))).first().getDouble(0);
    assertThat(plainA).isNotEqualTo(plainB).isCloseTo(exactA, org.assertj.core.api.Assertions.within(1e-3));
  }
}
