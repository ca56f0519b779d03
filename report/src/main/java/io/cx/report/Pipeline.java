package io.cx.report;

import static org.apache.spark.sql.functions.col;

import io.cx.ingest.EventContract;
import io.cx.ingest.Ingest;
import io.cx.ingest.IngestSettings;
import io.cx.ingest.InputCounts;
import io.cx.ingest.InputException;
import io.cx.ingest.LookupSources;
import io.cx.ingest.InputResolver;
import io.cx.ingest.InputSpec;
import io.cx.ingest.InputSpec.InputFormat;
import io.cx.ingest.QualityGate;
import io.cx.metrics.KpiTables;
import io.cx.metrics.Metrics;
import io.cx.metrics.Scorecard;
import io.cx.report.config.CxConfig;
import io.cx.report.failure.Failure;
import io.cx.report.failure.Redact;
import io.cx.report.failure.ReportedFailure;
import io.cx.report.publish.OutputRoot;
import io.cx.report.publish.Publisher;
import io.cx.report.publish.TableStats;
import io.cx.transform.Orders;
import io.cx.transform.Transform;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The batch job, top to bottom: ingest, transform, metrics, then publish every table and the manifest. */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  public static final String EVENTS = Transform.EVENTS;
  public static final String REJECTED_EVENTS = "rejected_events";
  public static final String SESSIONS = Transform.SESSIONS;
  public static final String JOURNEYS = Transform.JOURNEYS;
  public static final String ORDERS = Transform.ORDERS;
  public static final String CUSTOMERS = Transform.CUSTOMERS;

  /** How often a long-running Spark stage logs its progress. */
  static final java.time.Duration PROGRESS_EVERY = java.time.Duration.ofSeconds(20);

  private Pipeline() {}

  /**
   * What to run: the inputs, how to read them, where to write, as of when (a run by date derives
   * its as-of time from its dates, see {@link Scope}).
   */
  public record Request(
      List<String> inputs, Optional<InputFormat> format, Optional<String> mappingSql, Map<String, String> lookups,
      String output, Instant asOf, CxConfig config, Scope scope, boolean adoptOutput) {

    /** A plain run over inputs on the contract (or one mapping), with no lookup sources. */
    public Request(List<String> inputs, Optional<InputFormat> format, Optional<String> mappingSql, String output,
        Instant asOf, CxConfig config) {
      this(inputs, format, mappingSql, Map.of(), output, asOf, config, Scope.plain(), false);
    }
  }

  public static RunManifest run(SparkSession spark, Request req) {
    try (ProgressLog progress = ProgressLog.start(spark, PROGRESS_EVERY)) {
      return runLogged(spark, req);
    }
  }

  private static RunManifest runLogged(SparkSession spark, Request req) {
    String runId = newRunId();
    Run run = new Run(req, runId, Instant.now());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Scope scope = req.scope();
    List<InputSpec> inputs = scope.byDate() ? DateRuns.inputs(scope, req.inputs(), req.format(), conf)
        : InputResolver.resolve(req.inputs(), req.format(), conf);
    List<String> allInputs = new ArrayList<>(req.inputs());
    allInputs.addAll(req.lookups().values());
    OutputGuard.checkNoOverlap(req.output(), allInputs);
    SparkSafety.check(spark);
    if (!req.lookups().isEmpty() && req.mappingSql().isEmpty()) {
      throw new InputException("--source gives lookups to a mapping; it needs --mapping");
    }
    Publisher publisher = new Publisher(spark, req.output(), runId);
    try (OutputRoot claimed = OutputRoot.claim(publisher.fileSystem(), publisher.root(), runId, req.adoptOutput())) {
      try {
        return runOnOutput(spark, req, run, inputs, publisher);
      } catch (Exception | Error e) {
        Failure failure = Failure.of(e, Optional.of(req.output()));
        run.recordFailure(failure, publisher);
        throw new ReportedFailure(failure, e);
      }
    }
  }

  private static RunManifest runOnOutput(SparkSession spark, Request req, Run run, List<InputSpec> inputs,
      Publisher publisher) {
    Scope scope = req.scope();
    String runId = run.runId;
    run.stage = "recover";
    run.recovered = Publisher.recover(publisher.fileSystem(), publisher.root());
    // Read after recovery: a publish a killed run left half done is complete by now.
    Optional<Dataset<Row>> keptEvents = DateRuns.keptEvents(spark, req.output(), scope);
    Optional<Dataset<Row>> keptRejected = DateRuns.keptRejected(spark, req.output(), scope);
    if (inputs.isEmpty()) {
      throw new InputException("no input has data for any date from " + scope.from() + " to " + scope.to());
    }
    run.asOf = scope.byDate() ? Scope.endOf(DateRuns.lastDate(scope, inputs, DateRuns.latestLoaded(keptEvents)),
        req.config().reportingTimeZone()) : req.asOf();
    run.loadedDates = inputs.stream().map(InputSpec::loadedDate).filter(java.util.Objects::nonNull).distinct()
        .map(LocalDate::toString).toList();
    IngestSettings settings = req.config().ingestSettings(run.asOf);
    TransformSettings ts = req.config().transformSettings(run.asOf);
    String emptyPartition = LocalDate.ofInstant(run.asOf, settings.reportingTimeZone()).toString();

    long t0 = System.nanoTime();
    run.stage = "ingest";
    LookupSources.Registered lookups = LookupSources.register(spark, req.lookups(), settings);
    run.lookups = lookups.lookups();
    lookups.lookups().stream().filter(l -> l.malformed() > 0).forEach(l -> LOG.warn(
        "lookup source {} ({}): {} records could not be parsed and are not visible to the mapping", l.name(), l.path(),
        l.malformed()));
    Ingest.Result ingested = Ingest.run(spark, inputs, req.mappingSql(), settings, runId,
        keptEvents.map(k -> k.select(EventContract.EVENT_ID, EventContract.EVENT_TIME, EventContract.LOADED_DATE)));
    run.ingested = ingested;
    // A run by date publishes all history: what it keeps, minus events its records displaced, plus its own.
    Dataset<Row> events = keptEvents.map(k -> k.join(ingested.displaced(), k.col(EventContract.EVENT_ID)
        .equalTo(ingested.displaced().col(EventContract.EVENT_ID)), "left_anti").unionByName(ingested.events()))
        .orElse(ingested.events());
    Dataset<Row> rejected = keptRejected.map(k -> k.unionByName(ingested.rejected())).orElse(ingested.rejected());
    InputCounts total = ingested.total();
    run.seconds.put("ingest", secondsSince(t0));
    LOG.info("ingest: {} rows read, {} valid, {} rejected, {} duplicate ({} s)", total.rowsRead(), total.rowsValid(),
        total.rowsRejected(), total.rowsDuplicate(), run.seconds.get("ingest"));
    Dataset<Row> enriched = null;
    boolean completed = false;
    try {
      boolean incremental = scope.mode() == Scope.Mode.DATES && Incremental.possible(spark, req.output());
      if (incremental && keptRejected.isPresent()) {
        // Only the dates holding rejected records loaded for the run's dates, before or now.
        Dataset<Row> reloaded = DateRuns.reloadedRejected(spark, req.output(), scope);
        java.util.Set<String> dates = io.cx.metrics.Dates.collect(reloaded.select(col(EventContract.DATE).cast("string"))
            .unionByName(ingested.rejected().select(col(EventContract.DATE).cast("string"))).distinct());
        publisher.stagePartitions(io.cx.metrics.Dates.of(dates).on(keptRejected.get(), EventContract.DATE)
            .unionByName(ingested.rejected()), REJECTED_EVENTS, EventContract.DATE, dates, emptyPartition,
            Publisher.Layout.DETAIL, Publisher.Restatement.COMPARE_WITH_PUBLISHED);
      } else {
        publisher.stage(rejected, REJECTED_EVENTS, EventContract.DATE, emptyPartition, Publisher.Layout.DETAIL);
      }
      Optional<String> gate = QualityGate.check(total, req.config().maxRejectedShare());
      if (gate.isPresent()) {
        String kept = publisher.quarantine(REJECTED_EVENTS).toString();
        String message = gate.get() + "; nothing was published, the rejected rows are in " + kept;
        LOG.error("data-quality gate failed: {}", message);
        return run.finish(RunManifest.FAILED_QUALITY_GATE, ExitCodes.QUALITY_GATE, message, publisher);
      }
      Stager stager = new Stager(publisher, run, emptyPartition);
      Dataset<Row> scorecard;
      if (incremental) {
        Dataset<Row> removed = DateRuns.reloadedIds(spark, req.output(), scope)
            .unionByName(ingested.displaced().select(col(EventContract.EVENT_ID)));
        Incremental.Outcome outcome = Incremental.stage(spark, publisher, req.output(),
            ingested.events().select(Incremental.cleanColumns()), removed, ts,
            req.config().goals(), stager);
        run.linkage = Linkage.collect(Orders.linkage(outcome.events(), outcome.orders(), ts));
        scorecard = outcome.scorecard();
        // Disjoint from the writes, which the stager times.
        run.seconds.putAll(outcome.seconds());
      } else {
        // Read by the events, the journeys and the sessions, which it holds partitioned by person
        // (so they aggregate without a shuffle); everything after reads the staged tables.
        enriched = Transform.enrich(events, ts).persist(StorageLevel.MEMORY_AND_DISK());
        Transform.Result detail = Transform.tables(enriched, ts, stager::stageAndRead);
        run.linkage = Linkage.collect(detail.linkage());

        Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
        Metrics.kpiTables(detail.events(), detail.sessions(), detail.journeys(), detail.orders(), ts)
            .forEach((name, df) -> kpis.put(name, stager.stageAndRead(name, df)));
        scorecard = stager.stageAndRead(KpiTables.SCORECARD,
            Scorecard.compute(kpis, detail.orders(), req.config().goals(), ts));
      }
      run.headline = Headline.collect(scorecard, run.asOf, settings.reportingTimeZone());
      long t1 = System.nanoTime();
      run.stage = "publish";
      if (scope.byDate()) {
        // A full refresh never reads the published tables: it must rebuild an output whose files are damaged.
        run.restated = publisher.skipUnchanged(scope.mode() == Scope.Mode.DATES);
        LOG.info("restating {} partitions: {}", run.restated.values().stream().mapToInt(List::size).sum(),
            RestatedPartitions.describe(run.restated));
      }
      publisher.publishAll(run.manifest(RunManifest.SUCCEEDED, ExitCodes.OK, "", publisher).toJson());
      run.seconds.put("publish", secondsSince(t1));
      LOG.info("publish: {} tables under {} ({} s)", publisher.written().size(), req.output(), run.seconds.get("publish"));
      RunManifest done = run.manifest(RunManifest.SUCCEEDED, ExitCodes.OK, "", publisher);
      publisher.complete(done.toJson());
      completed = true;
      return done;
    } finally {
      if (!completed) {
        // Spark's exceptions are checked ones thrown unchecked: a finally sees them, a catch of
        // RuntimeException would not.
        abandonQuietly(publisher);
      }
      if (enriched != null) {
        enriched.unpersist();
      }
      ingested.release();
      lookups.release();
    }
  }

  /** Drops what a failed run staged; a failure to do so (a full disk) must not hide the run's own. */
  private static void abandonQuietly(Publisher publisher) {
    try {
      publisher.abandon();
    } catch (RuntimeException e) {
      LOG.warn("could not remove the staging of the failed run: {}", Redact.secrets(e.getMessage()));
    }
  }

  /** Writes each table into staging, logs it, and hands back the staged rows for the next steps. */
  private record Stager(Publisher publisher, Run run, String emptyDate) implements Incremental.Stages {
    @Override
    public Dataset<Row> stage(String name, Dataset<Row> table) {
      return stageAndRead(name, table);
    }

    @Override
    public Dataset<Row> restate(String name, Dataset<Row> rows, java.util.Set<String> dates, Publisher.Layout layout,
        Publisher.Restatement restatement) {
      run.stage = "write " + name;
      long t = System.nanoTime();
      TableStats stats = publisher.stagePartitions(rows, name, KpiTables.partitionColumn(name), dates, emptyDate,
          layout, restatement);
      run.seconds.put("write " + name, secondsSince(t));
      LOG.info("write {}: {} rows in {} of {} partitions to restate ({} s)", name, stats.rows(),
          stats.partitions().size(), dates.size(), run.seconds.get("write " + name));
      return publisher.current(name, rows.schema());
    }

    Dataset<Row> stageAndRead(String name, Dataset<Row> df) {
      run.stage = "write " + name;
      String column = KpiTables.partitionColumn(name);
      long t = System.nanoTime();
      TableStats stats = publisher.stage(df, name, column,
          column.equals(KpiTables.MONTH) ? emptyDate.substring(0, 7) : emptyDate,
          KpiTables.ALL.contains(name) ? Publisher.Layout.AGGREGATE : Publisher.Layout.DETAIL);
      run.seconds.put("write " + name, secondsSince(t));
      LOG.info("write {}: {} rows in {} partitions ({} s)", name, stats.rows(), stats.partitions().size(),
          run.seconds.get("write " + name));
      return publisher.staged(name, df.schema());
    }
  }

  /** The state of one run, gathered for its manifest. */
  private static final class Run {
    final Request req;
    final String runId;
    final Instant started;
    final Map<String, Double> seconds = new LinkedHashMap<>();
    Ingest.Result ingested;
    List<Linkage> linkage = List.of();
    List<Headline> headline = List.of();
    List<LookupSources.Lookup> lookups = List.of();
    List<String> recovered = List.of();
    Instant asOf;
    List<String> loadedDates = List.of();
    Map<String, List<String>> restated = Map.of();
    /** What the run is doing: named in the manifest of a run that fails. */
    String stage = "start";

    Run(Request req, String runId, Instant started) {
      this.req = req;
      this.runId = runId;
      this.started = started;
    }

    RunManifest manifest(String status, int exitCode, String message, Publisher publisher) {
      Map<String, TableStats> tables = status.equals(RunManifest.SUCCEEDED) ? Map.copyOf(publisher.tablesAfterPublish()) : Map.of();
      RunManifest.RunScope runScope = new RunManifest.RunScope(req.scope().mode().name().toLowerCase(Locale.ROOT),
          req.scope().from() == null ? null : req.scope().from().toString(),
          req.scope().to() == null ? null : req.scope().to().toString(), loadedDates, restated);
      List<InputCounts> inputs = ingested == null ? List.of()
          : ingested.inputs().stream().map(c -> c.named(Redact.secrets(c.input()))).toList();
      return new RunManifest(runId, "run", status, exitCode, message, asOf == null ? null : asOf.toString(),
          started.toString(), Instant.now().toString(), Redact.secrets(publisher.root().toString()), recovered,
          runScope, inputs, InputCounts.total("total", inputs), lookups, linkage, headline, tables, seconds,
          RunManifest.parseConfig(Redact.secrets(req.config().json())),
          status.equals(RunManifest.FAILED) ? stage : null);
    }

    /**
     * Writes the manifest of a run that failed, if it can: a full disk or a read-only output may
     * stop that too, and must not hide the run's own failure.
     */
    void recordFailure(Failure failure, Publisher publisher) {
      try {
        finish(RunManifest.FAILED, failure.exitCode(), failure.message(), publisher);
      } catch (RuntimeException e) {
        LOG.warn("could not write the manifest of the failed run {}: {}", runId, Redact.secrets(e.getMessage()));
      }
    }

    /** Writes the manifest of a run that did not publish. */
    RunManifest finish(String status, int exitCode, String message, Publisher publisher) {
      RunManifest m = manifest(status, exitCode, message, publisher);
      m.write(publisher.fileSystem(), publisher.root());
      return m;
    }
  }

  static String newRunId() {
    String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    return now + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
  }

  static double secondsSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1e7) / 100.0;
  }
}
