package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.ingest.Rivals;
import io.cx.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The published event_ids' hashes, and the rivals a night's records find through them. */
class EventIdsTest {
  final SparkSession spark = TestSpark.session();

  private Dataset<Row> published() {
    return spark.sql("SELECT * FROM VALUES "
        + "('a', TIMESTAMP'2026-01-05 10:00:00', DATE'2026-01-05', DATE'2026-01-05'), "
        + "('b', TIMESTAMP'2026-01-06 10:00:00', DATE'2026-01-06', DATE'2026-01-06'), "
        + "('c', TIMESTAMP'2026-01-07 10:00:00', DATE'2026-01-09', DATE'2026-01-07') "
        + "AS t(event_id, event_time, loaded_date, date)");
  }

  private Dataset<Row> ids(String... ids) {
    return spark.createDataset(List.of(ids), Encoders.STRING()).toDF("id");
  }

  private static List<String> idsOf(Dataset<Row> rivals) {
    return rivals.select("event_id").orderBy("event_id").as(Encoders.STRING()).collectAsList();
  }

  @Test
  void aNightFindsThePublishedEventsSharingItsIdsThroughTheirHashes() {
    Dataset<Row> events = published();
    Rivals rivals = EventIds.rivals(events, EventIds.of(events));
    assertThat(idsOf(rivals.sharing(ids("c", "a", "new")))).containsExactly("a", "c");
    assertThat(rivals.sharing(ids("c")).columns()).containsExactly("event_id", "event_time", "loaded_date");
    assertThat(idsOf(rivals.sharing(ids("new")))).isEmpty();
    assertThat(idsOf(rivals.all())).containsExactly("a", "b", "c");
  }

  @Test
  void onlyTheDatesTheIndexGivesAreRead() {
    Dataset<Row> events = published();
    // An index that files event "c" under another date: its events are not read where "c" is.
    Dataset<Row> stale = EventIds.of(events.withColumn("date",
        org.apache.spark.sql.functions.when(col("event_id").equalTo("c"), java.sql.Date.valueOf("2026-01-06"))
            .otherwise(col("date"))));
    assertThat(idsOf(EventIds.rivals(events, stale).sharing(ids("c", "a")))).containsExactly("a");
  }

  @Test
  void theHashIsXxh64WithSeed42AsSparkComputesIt() {
    // Pinned: published tables hold these values, so a Spark that computed another would miss duplicates.
    Row row = EventIds.of(spark.sql("SELECT 'evt-1' AS event_id, DATE'2026-01-05' AS date")).first();
    assertThat(row.getLong(0)).isEqualTo(6015529157011714859L);
    assertThat(row.getString(2)).isEqualTo("2026-01");
    assertThat(EventIds.of(published()).schema().simpleString()).isEqualTo(EventIds.SCHEMA.simpleString());
  }
}
