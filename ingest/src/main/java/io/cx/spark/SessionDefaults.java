package io.cx.spark;

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

  /** Spark's static setting for how persisted Datasets are stored. */
  public static final String CACHE_SERIALIZER = "spark.sql.cache.serializer";

  /**
   * The settings a session gets unless its submitter chose otherwise: the persisted records are
   * held as compressed blocks of rows (see {@link RowCacheSerializer}).
   */
  public static final Map<String, String> PREFERRED = Map.of(CACHE_SERIALIZER, RowCacheSerializer.class.getName());
}
