package io.cx.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.SparkUpgradeCanary;
import io.cx.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

class RowCacheSerializerTest {
  final SparkSession spark = TestSpark.session();

  /**
   * Rows of every kind of column the pipeline caches, nulls included, over 512 KB per partition, so
   * each partition is stored as more than one block.
   */
  Dataset<Row> varied() {
    return spark.range(0, 8_000, 1, 2).selectExpr(
        "id",
        "cast(id % 100 as int) as i",
        "case when id % 7 = 0 then null else concat('event-', id, repeat('x', cast(id % 400 as int))) end as s",
        "id / 3.0 as amount",
        "cast(id as double) / 7 as f",
        "id % 2 = 0 as b",
        "timestamp_seconds(id) as t",
        "date_add(date'2026-01-01', cast(id % 90 as int)) as dt",
        "array(concat('p', id), null, 'q') as arr",
        "named_struct('a', id, 'b', cast(id as string)) as st",
        "map('k', id) as m");
  }

  @Test
  void theSessionsCacheWithIt() {
    assertThat(spark.conf().get(SessionDefaults.CACHE_SERIALIZER)).isEqualTo(RowCacheSerializer.class.getName());
  }

  /** The rows as JSON text, in the order the Dataset gives them. */
  static List<String> json(Dataset<Row> df) {
    return df.selectExpr("to_json(struct(*))").as(Encoders.STRING()).collectAsList();
  }

  @SparkUpgradeCanary
  @Test
  void cachedRowsReadBackWholeOrByColumnAsComputed() {
    long textBytes = varied().selectExpr("sum(length(s))").first().getLong(0);
    assertThat(textBytes).isGreaterThan(2L * RowCacheSerializer.BLOCK_BYTES);
    Dataset<Row> cached = varied().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      assertThat(cached.queryExecution().executedPlan().toString()).contains("InMemoryTableScan");
      assertThat(cached.count()).isEqualTo(8_000);
      assertThat(json(cached)).isEqualTo(json(varied()));
      // Some columns, in another order: the read projects them out of the stored rows.
      assertThat(json(cached.select("arr", "s", "id", "m"))).isEqualTo(json(varied().select("arr", "s", "id", "m")));
      assertThat(json(cached.where("i = 17").select("t", "amount")))
          .isEqualTo(json(varied().where("i = 17").select("t", "amount")));
    } finally {
      cached.unpersist(true);
    }
  }

  @Test
  void operatorsThatHoldRowsSeeEachRowIntact() {
    Dataset<Row> cached = varied().persist(StorageLevel.MEMORY_AND_DISK());
    String windowed = "select id, s, lag(s) over (partition by i order by id) as prev,"
        + " row_number() over (partition by i order by s, id) as rn from v";
    String grouped = "select i, sort_array(collect_list(s)) as ss, max(st) as top, count(*) as n from v group by i";
    try {
      cached.createOrReplaceTempView("v");
      List<String> fromCache = json(spark.sql(windowed).orderBy("id"));
      List<String> fromCacheGrouped = json(spark.sql(grouped).orderBy("i"));
      varied().createOrReplaceTempView("v");
      assertThat(fromCache).isEqualTo(json(spark.sql(windowed).orderBy("id")));
      assertThat(fromCacheGrouped).isEqualTo(json(spark.sql(grouped).orderBy("i")));
    } finally {
      spark.catalog().dropTempView("v");
      cached.unpersist(true);
    }
  }

  @Test
  void blocksWrittenToDiskReadBackTheSame() {
    Dataset<Row> cached = varied().persist(StorageLevel.DISK_ONLY());
    try {
      assertThat(json(cached.select("s", "m", "st"))).isEqualTo(json(varied().select("s", "m", "st")));
    } finally {
      cached.unpersist(true);
    }
  }

  @Test
  void anEmptyDatasetCachesAsNoRows() {
    Dataset<Row> cached = varied().where("id < 0").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      assertThat(cached.count()).isZero();
      assertThat(cached.select("s").collectAsList()).isEmpty();
    } finally {
      cached.unpersist(true);
    }
  }
}
