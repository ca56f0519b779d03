package io.cx.report;

import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import io.cx.ingest.Ingest;
import io.cx.ingest.RejectedContract;
import io.cx.metrics.KpiTables;
import io.cx.report.publish.Publisher;
import io.cx.transform.ChangedDetail;
import io.cx.transform.CrossDateKeys;
import io.cx.transform.Dates;
import io.cx.transform.Detail;
import io.cx.transform.DetailTable;
import io.cx.transform.Stage;
import io.cx.transform.TransformSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run by date over an output that has every table: it derives again only what its records can
 * change ({@link ChangedDetail}), and the KPI tables restate what their declarations say those
 * changes restate. The nightly-runs integration test holds every such run to a full recomputation.
 */
final class Incremental {
  private Incremental() {}

  /**
   * Whether every table is published, so only changes need restating. (Published events without
   * lineage were refused already, when the run read the events it keeps: see DateRuns.)
   */
  static boolean possible(SparkSession spark, String output) {
    try {
      Path root = new Path(output);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<String> tables = new ArrayList<>();
      DetailTable.DECLARED.forEach(d -> tables.add(d.name()));
      tables.addAll(KpiTables.ALL);
      for (String t : tables) {
        if (!fs.exists(new Path(root, t))) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stages the detail tables: the run's clean events replace the published events loaded for its
   * dates and those its records displaced as duplicates.
   */
  static Detail detail(SparkSession spark, Publisher publisher, String output, Scope scope, Ingest.Result ingested,
      TransformSettings ts, io.cx.transform.Windows windows, Stage stage,
      java.util.Optional<Dataset<Row>> attributes) {
    Dataset<Row> removed = DateRuns.reloadedIds(spark, output, scope)
        .unionByName(ingested.displaced().select(col(EventContract.EVENT_ID)));
    ChangedDetail.Published published = io.cx.spark.JobDescription.during(spark, Pipeline.READ_PUBLISHED,
        () -> new ChangedDetail.Published(read(spark, output, DetailTable.EVENTS),
            read(spark, output, DetailTable.SESSIONS), read(spark, output, DetailTable.JOURNEYS),
            read(spark, output, DetailTable.ORDERS), read(spark, output, DetailTable.CUSTOMERS),
            internal(publisher, CrossDateKeys.TABLE, CrossDateKeys.SCHEMA),
            internal(publisher, io.cx.transform.SparseEvents.TABLE, io.cx.transform.SparseEvents.SCHEMA),
            eventIds(publisher)));
    return ChangedDetail.build(published, ingested.events().select(ChangedDetail.cleanColumns()), removed, ts,
        new io.cx.transform.ReadWindow(scope.from(), windows), publisher::scratch, stage, attributes);
  }

  /**
   * Stages the rejected records: only the dates holding records rejected for the run's dates,
   * before or now, are restated; {@code kept} are the published ones loaded for other dates.
   */
  static void stageRejected(SparkSession spark, Publisher publisher, String output, Scope scope,
      Dataset<Row> kept, Dataset<Row> rejectedNow, String emptyDate) {
    Dataset<Row> reloaded = DateRuns.reloadedRejected(spark, output, scope);
    Set<String> dates = Dates.collect(reloaded.select(col(EventContract.DATE).cast("string"))
        .unionByName(rejectedNow.select(col(EventContract.DATE).cast("string"))).distinct());
    publisher.stagePartitions(Dates.of(dates).on(kept, EventContract.DATE).unionByName(rejectedNow),
        RejectedContract.TABLE, EventContract.DATE, dates, emptyDate, Publisher.Layout.DETAIL,
        Publisher.Restatement.COMPARE_WITH_PUBLISHED);
  }

  /**
   * A published internal table ({@link CrossDateKeys}, {@link io.cx.transform.SparseEvents},
   * {@link io.cx.transform.EventIds}), if the
   * output has it: one published before the table was kept has not.
   */
  static java.util.Optional<Dataset<Row>> internal(Publisher publisher, String table,
      org.apache.spark.sql.types.StructType schema) {
    try {
      return publisher.fileSystem().exists(new Path(publisher.root(), table))
          ? java.util.Optional.of(publisher.published(table, schema))
          : java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The published {@link io.cx.transform.EventIds}, if the output has them and they file the months
   * the published events do (compared by their folders, nothing read). An index missing a month of
   * events (its folder removed by hand, say) would hide that month's duplicates from a run by date;
   * such a run reads every published event_id instead and publishes the index whole again.
   */
  static java.util.Optional<Dataset<Row>> eventIds(Publisher publisher) {
    FileSystem fs = publisher.fileSystem();
    Set<String> indexed = folderValues(fs, new Path(publisher.root(), io.cx.transform.EventIds.TABLE),
        io.cx.transform.EventIds.MONTH);
    Set<String> eventMonths = new java.util.TreeSet<>();
    folderValues(fs, new Path(publisher.root(), DetailTable.EVENTS.name()), DetailTable.EVENTS.partitionColumn())
        .forEach(d -> eventMonths.add(KpiTables.monthOf(d)));
    return indexed.equals(eventMonths)
        ? internal(publisher, io.cx.transform.EventIds.TABLE, io.cx.transform.EventIds.SCHEMA)
        : java.util.Optional.empty();
  }

  /** The values of a table's visible partition folders {@code column=value}; none if it has no folder. */
  private static Set<String> folderValues(FileSystem fs, Path table, String column) {
    try {
      Set<String> values = new java.util.TreeSet<>();
      if (fs.exists(table)) {
        io.cx.report.publish.Footers.partitions(fs, table).stream().map(s -> s.getPath().getName())
            .filter(n -> n.startsWith(column + "=")).forEach(n -> values.add(n.substring(column.length() + 1)));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, String output, DetailTable table) {
    return spark.read().parquet(new Path(output, table.name()).toString());
  }
}
