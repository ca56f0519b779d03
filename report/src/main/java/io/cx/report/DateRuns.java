package io.cx.report;

import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import io.cx.ingest.InputException;
import io.cx.ingest.InputSpec;
import io.cx.ingest.InputSpec.InputFormat;
import io.cx.ingest.InputTemplate;
import io.cx.ingest.RejectedContract;
import io.cx.transform.ChangedDetail;
import io.cx.transform.DetailTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The parts of a run by logical date that differ from a plain run: which landing data it reads,
 * and which published rows it keeps as they are (every event and rejected record loaded for a date
 * outside the run's scope).
 */
final class DateRuns {
  private DateRuns() {}

  /** The inputs of the scope's dates, each stamped with its date; dates without data are skipped. */
  static List<InputSpec> inputs(Scope scope, List<String> templates, Optional<InputFormat> format, Configuration conf) {
    for (String t : templates) {
      if (!InputTemplate.isTemplate(t)) {
        throw new InputException("a run by date reads one landing folder per date: input '" + t + "' needs a "
            + InputTemplate.PLACEHOLDER + " placeholder, e.g. 'landing/dt=" + InputTemplate.PLACEHOLDER + "/'");
      }
    }
    List<LocalDate> dates = new ArrayList<>();
    List<LocalDate> required = new ArrayList<>();
    if (scope.mode() == Scope.Mode.DATES) {
      for (LocalDate d = scope.from(); !d.isAfter(scope.to()); d = d.plusDays(1)) {
        dates.add(d);
      }
      if (scope.from().equals(scope.to())) {
        required.add(scope.from());
      }
    } else {
      TreeSet<LocalDate> available = new TreeSet<>();
      templates.forEach(t -> available.addAll(InputTemplate.availableDates(t, conf)));
      available.stream().filter(scope::loads).forEach(dates::add);
      if (dates.isEmpty()) {
        throw new InputException("no logical date has data for " + String.join(", ", templates)
            + (scope.to() == null ? "" : " up to " + scope.to()));
      }
    }
    return InputTemplate.resolve(templates, dates, required, format, conf);
  }

  /**
   * The last logical date a run covers: the scope's end, or the latest date loaded. A run of some
   * dates over an output that holds later ones covers up to the latest of those
   * ({@code latestLoadedFrom}, asked with the scope's end: see {@link #latestLoadedFrom}).
   */
  static LocalDate lastDate(Scope scope, List<InputSpec> inputs,
      java.util.function.Function<LocalDate, Optional<LocalDate>> latestLoadedFrom) {
    LocalDate last = scope.to() != null ? scope.to() : inputs.get(inputs.size() - 1).loadedDate();
    if (scope.mode() != Scope.Mode.DATES) {
      return last;
    }
    Optional<LocalDate> latestPublished = latestLoadedFrom.apply(last);
    return latestPublished.filter(l -> l.isAfter(last)).orElse(last);
  }

  /**
   * What a run by date keeps of the published output as it is: the events (contract columns and
   * lineage, no derived keys) and the rejected records loaded for dates outside its scope. Empty
   * for other runs, and for tables not published yet.
   */
  record Kept(Optional<Dataset<Row>> events, Optional<Dataset<Row>> rejected) {}

  static Kept kept(SparkSession spark, String output, Scope scope) {
    return new Kept(keptEvents(spark, output, scope), keptRejected(spark, output, scope));
  }

  /** The published events (contract columns and lineage, no derived keys) loaded for dates outside the scope. */
  static Optional<Dataset<Row>> keptEvents(SparkSession spark, String output, Scope scope) {
    return published(spark, output, DetailTable.EVENTS.name(), scope)
        .map(events -> events.select(ChangedDetail.cleanColumns()));
  }

  /** The published rejected records loaded for dates outside the scope. */
  static Optional<Dataset<Row>> keptRejected(SparkSession spark, String output, Scope scope) {
    return published(spark, output, RejectedContract.TABLE, scope);
  }

  /** The event_ids of published events loaded for the scope's dates: the ones a run by date loads again. */
  static Dataset<Row> reloadedIds(SparkSession spark, String output, Scope scope) {
    Dataset<Row> events = spark.read().parquet(new Path(output, DetailTable.EVENTS.name()).toString());
    return events.where(outside(scope).unary_$bang()).select(col(EventContract.EVENT_ID));
  }

  /** The published rejected records loaded for the scope's dates. */
  static Dataset<Row> reloadedRejected(SparkSession spark, String output, Scope scope) {
    return spark.read().parquet(new Path(output, RejectedContract.TABLE).toString())
        .where(outside(scope).unary_$bang());
  }

  /**
   * The latest loaded date of the {@code kept} events that is after {@code date}, if any is; else
   * some loaded date not after it, or empty. An event loaded for date L is dated at least the
   * late-event lookback ({@code lookbackDays}) before L (ingest rejects it otherwise), so only the
   * partitions from {@code date} minus the lookback on are read, not every published event.
   */
  static Optional<LocalDate> latestLoadedFrom(Optional<Dataset<Row>> kept, LocalDate date, int lookbackDays) {
    java.sql.Date from = java.sql.Date.valueOf(date.minusDays(lookbackDays));
    return kept.map(df -> df.where(col(EventContract.DATE).geq(from))
            .agg(org.apache.spark.sql.functions.max(EventContract.LOADED_DATE)).first())
        .filter(r -> !r.isNullAt(0)).map(r -> r.getDate(0).toLocalDate());
  }

  private static Optional<Dataset<Row>> published(SparkSession spark, String output, String table, Scope scope) {
    if (scope.mode() != Scope.Mode.DATES) {
      return Optional.empty();
    }
    Path path = new Path(output, table);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Dataset<Row> df = spark.read().parquet(path.toString());
    if (!java.util.Arrays.asList(df.columns()).contains(RejectedContract.LOADED_DATE)) {
      throw new InputException("the published " + table + " under " + output + " have no " + EventContract.LOADED_DATE
          + " column (written by an older version of cx): rebuild them once with `cx run --full-refresh`");
    }
    return Optional.of(df.where(outside(scope)));
  }

  private static Column outside(Scope scope) {
    return col(EventContract.LOADED_DATE).lt(java.sql.Date.valueOf(scope.from()))
        .or(col(EventContract.LOADED_DATE).gt(java.sql.Date.valueOf(scope.to())));
  }
}
