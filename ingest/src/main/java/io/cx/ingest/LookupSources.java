package io.cx.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Extra files a mapping may join, each registered as a view under its own name (for example the
 * orders a review file refers to). Their rows are lookups, not events: they are not counted as
 * read rows, but their malformed records are counted so that none goes unnoticed.
 */
public final class LookupSources {
  private LookupSources() {}

  /** One registered lookup: its view name, path, well-formed records, and records that could not be parsed. */
  public record Lookup(String name, String path, long records, long malformed) {}

  /** The registered lookups, and their cached rows to release after the run. */
  public record Registered(List<Lookup> lookups, List<Dataset<Row>> cached) {
    public void release() {
      cached.forEach(Dataset::unpersist);
    }
  }

  public static Registered register(SparkSession spark, Map<String, String> named, IngestSettings settings) {
    List<Lookup> lookups = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    for (Map.Entry<String, String> e : named.entrySet()) {
      String name = e.getKey();
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.toLowerCase(Locale.ROOT).equals(Conform.SOURCE_VIEW)) {
        throw new InputException("--source name '" + name + "' must be an SQL identifier other than '"
            + Conform.SOURCE_VIEW + "'");
      }
      InputSpec spec = InputResolver.resolve(List.of(e.getValue()), Optional.empty(),
          spark.sparkContext().hadoopConfiguration()).get(0);
      // Lookups are small next to the events and are joined per input: read them once.
      Dataset<Row> raw = SourceReader.readSource(spark, spec, settings).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(raw);
      Row counts = raw.agg(count(lit(1)), count(when(col(SourceReader.CORRUPT).isNotNull(), lit(1)))).first();
      raw.where(col(SourceReader.CORRUPT).isNull())
          .drop(SourceReader.CORRUPT, SourceReader.BLOCK)
          .createOrReplaceTempView(name);
      lookups.add(new Lookup(name, e.getValue(), counts.getLong(0) - counts.getLong(1), counts.getLong(1)));
    }
    return new Registered(List.copyOf(lookups), cached);
  }
}
