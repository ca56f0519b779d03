package io.cx.report.sample;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import io.cx.ingest.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes a seeded sample of touchpoint records. Customers are generated in parallel by Spark, one
 * customer's history at a time, so memory does not grow with the sample's size.
 */
public final class SampleGenerator {
  private SampleGenerator() {}

  private static final long CUSTOMERS_PER_FILE = 20_000;

  public enum Format {
    JSONL("jsonl"),
    CSV("csv"),
    PARQUET("parquet");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    public static Format parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InputException("unknown sample format '" + s + "' (expected jsonl, csv or parquet)");
      }
    }
  }

  /** How many records (lines or Parquet rows) and files were written. */
  public record Written(long records, int files) {}

  public static Written generate(
      SparkSession spark, SampleOptions o, Format format, String output, boolean gzip, boolean overwrite) {
    Path out = new Path(output);
    FileSystem fs = fileSystem(spark, out);
    refuseToClobber(fs, out, overwrite);
    int partitions = (int) Math.max(o.customers() >= 2 * CUSTOMERS_PER_FILE ? 2 : 1,
        Math.min(2000, (o.customers() + CUSTOMERS_PER_FILE - 1) / CUSTOMERS_PER_FILE));
    LongAccumulator records = spark.sparkContext().longAccumulator("sample records");
    Dataset<Long> customers = spark.range(0, o.customers(), 1, partitions);
    io.cx.spark.JobDescription.during(spark, "generate: " + o.customers() + " customers as " + format.extension, () -> {
      switch (format) {
        case JSONL -> writeText(jsonLines(customers, o, records), output, gzip);
        case CSV -> writeText(csvLines(customers, o, records), output, gzip);
        case PARQUET -> typed(spark, jsonLines(customers, o, null)).write().mode(SaveMode.Overwrite)
            .option("compression", gzip ? "gzip" : "snappy").parquet(output);
      }
    });
    int files = renameParts(fs, out, format, gzip);
    long written = format == Format.PARQUET ? spark.read().parquet(output).count() : records.value();
    return new Written(written, files);
  }

  private static Dataset<String> jsonLines(Dataset<Long> customers, SampleOptions o, LongAccumulator counter) {
    return customers.flatMap((FlatMapFunction<Long, String>) i -> {
      List<SampleEvent> events = new PersonStory(o, i).records();
      if (counter != null) {
        counter.add(events.size());
      }
      return events.stream().map(SampleEvent::toJson).iterator();
    }, Encoders.STRING());
  }

  /** CSV lines; each partition starts with the header, so every file it becomes has one. */
  private static Dataset<String> csvLines(Dataset<Long> customers, SampleOptions o, LongAccumulator counter) {
    return customers.mapPartitions((MapPartitionsFunction<Long, String>) ids -> {
      List<String> columns = EventContract.COLUMNS;
      return new Iterator<String>() {
        Iterator<String> current = List.of(SampleEvent.csvHeader()).iterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext() && ids.hasNext()) {
            List<SampleEvent> events = new PersonStory(o, ids.next()).records();
            counter.add(events.size());
            current = events.stream().map(e -> e.toCsv(columns)).iterator();
          }
          return current.hasNext();
        }

        @Override
        public String next() {
          hasNext();
          return current.next();
        }
      };
    }, Encoders.STRING());
  }

  /**
   * Parquet holds typed columns, so this sample cannot carry malformed lines or values that do not
   * fit their type (a quantity of "two"); such records are left out, the rest keep their flaws.
   */
  private static Dataset<Row> typed(SparkSession spark, Dataset<String> jsonLines) {
    Dataset<Row> text = spark.read().schema(EventContract.TEXT_SCHEMA).option("mode", "DROPMALFORMED").json(jsonLines);
    List<Column> cols = new ArrayList<>();
    Column fits = lit(true);
    for (StructField f : EventContract.SCHEMA.fields()) {
      Column c = col(f.name());
      if (f.name().equals(EventContract.EVENT_TIME)) {
        c = when(c.rlike("^\\d+$"), timestamp_millis(c.try_cast(DataTypes.LongType)))
            .otherwise(c.try_cast(DataTypes.TimestampType));
      } else if (!f.dataType().equals(DataTypes.StringType)) {
        c = c.try_cast(f.dataType());
      }
      fits = fits.and(col(f.name()).isNull().or(c.isNotNull()));
      cols.add(c.as(f.name()));
    }
    return text.where(fits).select(cols.toArray(Column[]::new));
  }

  private static void writeText(Dataset<String> lines, String output, boolean gzip) {
    lines.write().mode(SaveMode.Overwrite).option("compression", gzip ? "gzip" : "none").text(output);
  }

  /** Gives Spark's part files the extension of their format, so readers can tell it. */
  private static int renameParts(FileSystem fs, Path out, Format format, boolean gzip) {
    try {
      int n = 0;
      for (FileStatus f : fs.listStatus(out, p -> p.getName().startsWith("part-"))) {
        String target = String.format("part-%05d.%s%s", n++, format.extension, gzip ? ".gz" : "");
        if (format != Format.PARQUET && !fs.rename(f.getPath(), new Path(out, target))) {
          throw new IOException("could not rename " + f.getPath() + " to " + target);
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void refuseToClobber(FileSystem fs, Path out, boolean overwrite) {
    try {
      if (!overwrite && fs.exists(out) && fs.listStatus(out).length > 0) {
        throw new InputException("output '" + out + "' is not empty; choose another or add --overwrite");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileSystem fileSystem(SparkSession spark, Path p) {
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
