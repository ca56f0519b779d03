package io.cx.report.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.EventContract;
import io.cx.ingest.Ingest;
import io.cx.ingest.InputException;
import io.cx.ingest.InputResolver;
import io.cx.ingest.IngestSettings;
import io.cx.ingest.InputCounts;
import io.cx.ingest.RejectReasons;
import io.cx.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  static final SampleOptions SMALL = new SampleOptions(40, 30, 7, SampleOptions.DEFAULT_START, 0.05, 0.005);

  final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  List<String> lines(Path folder) {
    return spark.read().textFile(folder.toString()).sort("value").as(Encoders.STRING()).collectAsList();
  }

  Ingest.Result ingest(Path folder, SampleOptions o) {
    IngestSettings settings = IngestSettings.defaults(o.end());
    return Ingest.run(spark, InputResolver.resolve(List.of(folder.toString()), Optional.empty(),
        spark.sparkContext().hadoopConfiguration()), Optional.empty(), settings, "t");
  }

  @Test
  void sameOptionsGiveTheSameRecordsAndAnotherSeedDoesNot() {
    SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.JSONL, dir.resolve("a").toString(), false, false);
    SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.JSONL, dir.resolve("b").toString(), false, false);
    SampleOptions otherSeed = new SampleOptions(40, 30, 8, SampleOptions.DEFAULT_START, 0.01, 0.005);
    SampleGenerator.generate(spark, otherSeed, SampleGenerator.Format.JSONL, dir.resolve("c").toString(), false, false);
    assertThat(lines(dir.resolve("a"))).isEqualTo(lines(dir.resolve("b"))).isNotEqualTo(lines(dir.resolve("c")));
  }

  @Test
  void theSampleExercisesEveryEventTypeAndEveryRejectReason() {
    SampleOptions spoiled = new SampleOptions(60, 30, 3, SampleOptions.DEFAULT_START, 0.15, 0.05);
    SampleGenerator.Written w = SampleGenerator.generate(
        spark, spoiled, SampleGenerator.Format.JSONL, dir.resolve("s").toString(), false, false);
    Ingest.Result r = ingest(dir.resolve("s"), spoiled);
    InputCounts total = r.total();
    assertThat(total.rowsRead()).isEqualTo(w.records());
    assertThat(total.rowsDuplicate()).isPositive();
    // late_event needs a run by date (input loaded for a logical date); a plain run cannot produce it.
    assertThat(total.rejectsByReason().keySet()).containsExactlyInAnyOrderElementsOf(
        RejectReasons.REASONS.stream().filter(x -> !x.equals(RejectReasons.LATE_EVENT)).toList());
    assertThat(r.events().select(EventContract.EVENT_TYPE).distinct().as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(EventContract.EVENT_TYPES);
    assertThat(r.events().where("customer_id is null and anonymous_id like 'V%'").count())
        .as("anonymous visitors who never log in").isPositive();
    assertThat(r.events().where("session_id is null and channel in ('web', 'app')").count())
        .as("sessions the tracker did not name").isPositive();
    r.release();
  }

  @Test
  void csvAndParquetCarryTheSameRecords() {
    String jsonl = dir.resolve("j").toString();
    String csv = dir.resolve("c").toString();
    String parquet = dir.resolve("p").toString();
    long n = SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.JSONL, jsonl, false, false).records();
    assertThat(SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.CSV, csv, true, false).records()).isEqualTo(n);
    long pq = SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.PARQUET, parquet, false, false).records();
    Ingest.Result fromJson = ingest(Path.of(jsonl), SMALL);
    Ingest.Result fromCsv = ingest(Path.of(csv), SMALL);
    Ingest.Result fromParquet = ingest(Path.of(parquet), SMALL);
    assertThat(fromCsv.total().rowsRead()).isEqualTo(n);
    assertThat(fromCsv.total().rowsValid()).isEqualTo(fromJson.total().rowsValid());
    assertThat(fromCsv.events().drop(EventContract.SOURCE_FILE)
        .exceptAll(fromJson.events().drop(EventContract.SOURCE_FILE)).count()).isZero();
    // Parquet cannot hold malformed lines or values that do not fit their type; it loses no valid record.
    assertThat(pq).isLessThan(n - fromJson.total().rejectsByReason().getOrDefault(RejectReasons.MALFORMED_RECORD, 0L));
    assertThat(fromParquet.total().rowsValid()).isEqualTo(fromJson.total().rowsValid());
    fromJson.release();
    fromCsv.release();
    fromParquet.release();
  }

  @Test
  void refusesToOverwriteUnlessAsked() {
    String out = dir.resolve("o").toString();
    SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.JSONL, out, false, false);
    assertThatThrownBy(() -> SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.JSONL, out, false, false))
        .isInstanceOf(InputException.class).hasMessageContaining("--overwrite");
    SampleGenerator.generate(spark, SMALL, SampleGenerator.Format.JSONL, out, false, true);
  }
}
