package io.cx.ingest;

import java.util.Map;

/** Spark settings every session of this pipeline runs with, in tests, locally and on a cluster. */
public final class SessionDefaults {
  private SessionDefaults() {}

  public static final Map<String, String> REQUIRED = Map.of(
      // All instants are UTC inside the pipeline; zones are applied explicitly where the specs say.
      "spark.sql.session.timeZone", "UTC",
      // INT96 is a legacy type that some BI readers mishandle.
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
      "spark.sql.sources.partitionOverwriteMode", "static");
}
