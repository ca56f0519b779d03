package io.cx.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.cx.ingest.EventContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Clean events (the output of ingest) built from JSON rows written against the contract. */
public final class EventFixtures {
  private EventFixtures() {}

  /**
   * Events as ingest publishes them; the date (and the date they were loaded for) is the UTC
   * date, event_time must be ISO with Z.
   */
  public static Dataset<Row> events(SparkSession spark, List<String> jsonRows) {
    Dataset<String> json = spark.createDataset(jsonRows, Encoders.STRING());
    return spark.read().schema(EventContract.SCHEMA).option("mode", "FAILFAST").json(json)
        .withColumn(EventContract.SOURCE_FILE, lit("fixture"))
        .withColumn(EventContract.LOADED_DATE, to_date(col(EventContract.EVENT_TIME)))
        .withColumn(EventContract.DATE, to_date(col(EventContract.EVENT_TIME)));
  }

  /** A JSON event row; {@code extra} is more JSON fields, starting with a comma. */
  public static String e(String id, String time, String type, String channel, String extra) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"event_type\":\"" + type
        + "\",\"channel\":\"" + channel + "\",\"touchpoint\":\"" + channel + "\"" + extra + "}";
  }
}
