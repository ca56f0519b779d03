package io.cx.report;

import io.cx.metrics.KpiTables;
import io.cx.report.publish.Publisher;
import io.cx.report.publish.TableStats;
import io.cx.transform.Dates;
import io.cx.transform.Stage;
import io.cx.transform.TableLayout;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run stages each table it builds: whole, or some partitions of it, laid out as its
 * declaration says (detail tables spread by date, aggregates written by one task), timed and
 * logged. Hands back the table as it will read once published.
 */
final class Staging implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(Staging.class);

  private final Publisher publisher;
  private final RunLog log;
  /** The partition that holds the empty file of a table without rows: the as-of date. */
  private final String emptyDate;
  private final Finality finality;

  Staging(Publisher publisher, RunLog log, String emptyDate, Finality finality) {
    this.publisher = publisher;
    this.log = log;
    this.emptyDate = emptyDate;
    this.finality = finality;
  }

  @Override
  public Dataset<Row> apply(String name, Dataset<Row> rows, Dates dates) {
    return stage(name, () -> dates, d -> rows);
  }

  @Override
  public Dataset<Row> apply(String name, Supplier<Dataset<Row>> compute, Dates dates) {
    return stage(name, () -> dates, d -> compute.get());
  }

  @Override
  public Dataset<Row> apply(String name, Supplier<Dates> dates, java.util.function.Function<Dates, Dataset<Row>> compute) {
    return stage(name, dates, compute);
  }

  @Override
  public Optional<LocalDate> firstOpen(String name) {
    return finality.firstOpen(name);
  }

  @Override
  public Optional<Dataset<Row>> published(String name, org.apache.spark.sql.types.StructType schema) {
    return finality.firstOpen(name).map(first -> publisher.published(name, schema));
  }

  /** Finds the dates to stage, computes and stages a table in one timed step, "write " and its name. */
  private Dataset<Row> stage(String name, Supplier<Dates> datesToStage, java.util.function.Function<Dates, Dataset<Row>> compute) {
    TableLayout declared = DeclaredTables.of(name).layout();
    String column = declared.partitionColumn();
    String empty = column.equals(KpiTables.MONTH) ? KpiTables.monthOf(emptyDate) : emptyDate;
    boolean aggregate = declared.aggregate();
    Publisher.Layout layout = aggregate ? Publisher.Layout.AGGREGATE : Publisher.Layout.DETAIL;
    if (column.equals(KpiTables.MONTH)) {
      // Output published before KPI tables were partitioned by month has date= folders.
      publisher.replacesLayout(name, KpiTables.DATE);
    }
    return log.step("write " + name, seconds -> {
      Dates dates = datesToStage.get();
      Dataset<Row> rows = compute.apply(dates);
      if (dates.all()) {
        TableStats stats = publisher.stage(rows, name, column, empty, declared.spread() ? Publisher.Layout.SPREAD : layout);
        LOG.info("write {}: {} rows in {} partitions ({} s)", name, stats.rows(), stats.partitions().size(),
            seconds.getAsDouble());
        return publisher.staged(name, rows.schema());
      }
      Dates open = openDates(name, dates);
      Optional<String> dateColumn = declared.dateColumn();
      if (dateColumn.isPresent()) {
        // Rows by date in monthly partitions: each restated date rewrites its month.
        Set<String> months = new TreeSet<>();
        open.only().forEach(d -> months.add(KpiTables.monthOf(d)));
        Dataset<Row> kept = publisher.published(name, rows.schema()).where(functions.col(column)
            .isin(months.toArray()).and(open.on(functions.col(dateColumn.get())).unary_$bang()));
        TableStats stats = publisher.stagePartitions(open.on(rows, dateColumn.get()).unionByName(kept), name, column,
            months, empty, layout, Publisher.Restatement.COMPARE_WITH_PUBLISHED);
        LOG.info("write {}: {} rows in {} of {} months of the {} dates to restate ({} s)", name, stats.rows(),
            stats.partitions().size(), months.size(), open.only().size(), seconds.getAsDouble());
        return publisher.current(name, rows.schema());
      }
      // A detail table is restated where its rows are known to differ; an aggregate is compared first.
      TableStats stats = publisher.stagePartitions(open.on(rows, column), name, column, open.only(), empty, layout,
          aggregate ? Publisher.Restatement.COMPARE_WITH_PUBLISHED : Publisher.Restatement.KNOWN_TO_CHANGE);
      LOG.info("write {}: {} rows in {} of {} partitions to restate ({} s)", name, stats.rows(),
          stats.partitions().size(), open.only().size(), seconds.getAsDouble());
      return publisher.current(name, rows.schema());
    });
  }

  /**
   * The dates to restate without the final ones (before the table's horizon): a change that
   * reaches them goes further back than the windows the horizon adds up (a support case or a
   * tracker session longer than they are), and a run by date leaves them as published.
   */
  @Override
  public Dates open(String name, Dates dates) {
    return dates.all() ? dates : openDates(name, dates);
  }

  private Dates openDates(String name, Dates dates) {
    Optional<LocalDate> firstOpen = finality.firstOpen(name);
    if (firstOpen.isEmpty()) {
      return dates;
    }
    String first = firstOpen.get().toString();
    Set<String> open = new TreeSet<>();
    Set<String> kept = new TreeSet<>();
    // Monthly partitions (YYYY-MM) compare with the month of the first open date.
    dates.only().forEach(d -> (d.compareTo(first.substring(0, d.length())) >= 0 ? open : kept).add(d));
    if (!kept.isEmpty() && DeclaredTables.of(name).layout().aggregate()) {
      LOG.info("{}: {} final partitions (before {}) left as published: {}", name, kept.size(), first, kept);
    } else if (!kept.isEmpty()) {
      LOG.warn("{}: {} final partitions (before {}) would change; left as published (a full refresh applies the "
          + "change): {}", name, kept.size(), first, kept);
    }
    return Dates.of(open);
  }
}
