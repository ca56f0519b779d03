package io.cx.report.publish;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The intermediate results of one run: each computed once and kept, so that the plans built on it
 * stay small, in the run's {@link ScratchSpace}. Never published; gone when the run ends.
 */
final class RunScratch {
  /**
   * Parquet options of scratch files. A scratch file is read once or twice by the same run and
   * then deleted, and most of its columns are keys with a value per person, session or event, which
   * Parquet's dictionary encoding hashes only to give up on: without it a scratch write costs about
   * 40 % less CPU, and reading it back no more, for files about a third larger. Published tables
   * keep Parquet's defaults.
   */
  static final Map<String, String> WRITE_OPTIONS = Map.of("parquet.enable.dictionary", "false");

  private final SparkSession spark;
  private final ScratchSpace space;
  /** Where {@link ScratchSpace#FILES} results are written: a folder of the run's staging. */
  private final Path folder;
  /** The ids of the RDDs holding this run's results in block storage. */
  private final Set<Integer> held = new LinkedHashSet<>();

  RunScratch(SparkSession spark, ScratchSpace space, Path folder) {
    this.spark = spark;
    this.space = space;
    this.folder = folder;
  }

  /** {@code df} computed once: held until {@link #release}, or written under {@code folder/<name>} and read back. */
  Dataset<Row> keep(String name, Dataset<Row> df) {
    String description = "work: " + name;
    if (space == ScratchSpace.HELD) {
      Set<Integer> before = persistedRdds();
      Dataset<Row> kept = io.cx.spark.JobDescription.during(spark, description, () -> df.localCheckpoint(true));
      Set<Integer> added = persistedRdds();
      added.removeAll(before);
      held.addAll(added);
      return kept;
    }
    Path target = new Path(folder, name);
    io.cx.spark.JobDescription.during(spark, description,
        () -> df.write().mode(SaveMode.ErrorIfExists).options(WRITE_OPTIONS).parquet(target.toString()));
    return spark.read().schema(df.schema()).parquet(target.toString());
  }

  /** Frees the results held in block storage (files go with staging). */
  void release() {
    Map<Object, RDD<?>> persisted = CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs());
    held.forEach(id -> {
      RDD<?> rdd = persisted.get(id);
      if (rdd != null) {
        rdd.unpersist(false);
      }
    });
    held.clear();
  }

  /** The ids of the RDDs the session holds in block storage now. */
  private Set<Integer> persistedRdds() {
    Set<Integer> ids = new HashSet<>();
    CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs().keySet()).forEach(id -> ids.add((Integer) id));
    return ids;
  }
}
