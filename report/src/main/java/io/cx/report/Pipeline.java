package io.cx.report;

import io.cx.ingest.EventContract;
import io.cx.ingest.Ingest;
import io.cx.ingest.IngestSettings;
import io.cx.ingest.InputCounts;
import io.cx.ingest.InputException;
import io.cx.ingest.InputResolver;
import io.cx.ingest.InputSpec;
import io.cx.ingest.InputSpec.InputFormat;
import io.cx.ingest.LookupSources;
import io.cx.ingest.QualityGate;
import io.cx.ingest.RejectedContract;
import io.cx.metrics.Metrics;
import io.cx.report.config.CxConfig;
import io.cx.report.failure.Failure;
import io.cx.report.failure.Redact;
import io.cx.report.failure.ReportedFailure;
import io.cx.report.publish.OutputRoot;
import io.cx.report.publish.Publisher;
import io.cx.transform.ChangedDetail;
import io.cx.transform.Detail;
import io.cx.transform.Orders;
import io.cx.transform.Transform;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The batch job, top to bottom: resolve inputs, ingest, build the detail tables, the KPI tables, publish. */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** The step of a run that builds every date which stitches identities and cuts sessions and journeys. */
  static final String CUT_TIMELINES = "stitch and cut journeys";
  static final String READ_ATTRIBUTES = "read customer attributes";
  /**
   * What the jobs that read the published output's listing and footers before the steps are
   * described as (a run by date: the events it keeps, the latest loaded date, the detail tables).
   */
  static final String READ_PUBLISHED = "read the published output";
  /** The step that collects the manifest's order linkage and headline KPIs. */
  static final String SUMMARIZE = "link orders and headline";

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

  /**
   * How a run builds its tables: every date, or (a run by date over an output that has every
   * table) only what its records change.
   */
  private enum Build { EVERY_DATE, CHANGES }

  public static RunManifest run(SparkSession spark, Request req) {
    try (ProgressLog progress = ProgressLog.start(spark, PROGRESS_EVERY)) {
      Finality finality = new Finality(req.config().windows(),
          req.scope().mode() == Scope.Mode.DATES ? Optional.of(req.scope().from()) : Optional.empty());
      RunLog log = new RunLog(RunFacts.start(req.scope(), finality, req.config().json(), newRunId()),
          spark.sparkContext());
      List<InputSpec> inputs = resolveInputs(spark, req);
      Publisher publisher = new Publisher(spark, req.output(), log.facts().runId(),
          io.cx.report.publish.ScratchSpace.of(req.config().scratch(), spark.sparkContext().isLocal()));
      try (OutputRoot claimed = OutputRoot.claim(publisher.fileSystem(), publisher.root(), log.facts().runId(),
          req.adoptOutput())) {
        try {
          return runOnOutput(spark, req, inputs, publisher, log);
        } catch (Exception | Error e) {
          Failure failure = Failure.of(e, Optional.of(req.output()));
          recordFailure(log, failure, publisher);
          throw new ReportedFailure(failure, e);
        } finally {
          publisher.releaseScratch();
        }
      }
    }
  }

  private static RunManifest runOnOutput(SparkSession spark, Request req, List<InputSpec> inputs, Publisher publisher,
      RunLog log) {
    Scope scope = req.scope();
    List<String> recovered = log.step("recover", s -> Publisher.recover(publisher.fileSystem(), publisher.root()));
    if (scope.mode() == Scope.Mode.DATES) {
      PublishedWindows.check(publisher.fileSystem(), publisher.root(), req.config());
      PublishedLayout.check(publisher.fileSystem(), publisher.root());
    }
    // Read after recovery: a publish a killed run left half done is complete by now.
    DateRuns.Kept kept = io.cx.spark.JobDescription.during(spark, READ_PUBLISHED,
        () -> DateRuns.kept(spark, req.output(), scope));
    RunFacts facts = io.cx.spark.JobDescription.during(spark, READ_PUBLISHED,
        () -> log.found(f -> f.scoped(recovered, asOf(req, inputs, kept), loadedDates(inputs))));
    IngestSettings settings = req.config().ingestSettings(facts.asOf());
    TransformSettings ts = req.config().transformSettings(facts.asOf());
    String emptyDate = LocalDate.ofInstant(facts.asOf(), settings.reportingTimeZone()).toString();
    // Read first: a file that cannot be used stops the run before the long steps.
    Optional<Dataset<Row>> attributes = req.config().customerAttributes().map(path -> log.step(READ_ATTRIBUTES,
        s -> io.cx.ingest.CustomerAttributes.read(spark, path, io.cx.transform.CustomersContract.reservedNames())));
    Optional<io.cx.ingest.Rivals> rivals = kept.events().map(k -> rivals(k, publisher));
    Ingested in = log.step("ingest", s -> ingest(spark, req, inputs, kept, rivals, settings, facts.runId(), s));
    log.found(f -> f.ingested(in.result().inputs(), in.lookups().lookups()));
    boolean published = false;
    try {
      Build build = scope.mode() == Scope.Mode.DATES && Incremental.possible(spark, req.output())
          ? Build.CHANGES : Build.EVERY_DATE;
      stageRejected(spark, publisher, req, kept, in, build, emptyDate, log);
      Optional<String> gate = QualityGate.check(in.result().total(), req.config().maxRejectedShare());
      if (gate.isPresent()) {
        return refuse(gate.get(), publisher, log);
      }
      Staging staging = new Staging(publisher, log, emptyDate, log.facts().finality());
      Detail detail = build == Build.CHANGES
          ? Incremental.detail(spark, publisher, req.output(), scope, in.result(), ts, req.config().windows(), staging,
              attributes)
          : everyDate(in.events(), ts, staging, log, attributes);
      log.addSeconds(detail.seconds());
      Dataset<Row> scorecard = Metrics.tables(detail, req.config().goals(), ts, staging);
      log.step(SUMMARIZE, s -> {
        log.found(f -> f.built(
            Linkage.collect(Orders.linkage(linked(build, in, detail), detail.current().orders(), ts,
                build == Build.CHANGES && in.result().total().rowsValid() <= ChangedDetail.BROADCAST_ROWS)),
            Headline.collect(scorecard, f.asOf(), settings.reportingTimeZone())));
        return null;
      });
      RunManifest done = publish(publisher, log, scope);
      published = true;
      return done;
    } finally {
      if (!published) {
        // Spark's exceptions are checked ones thrown unchecked: a finally sees them, a catch of
        // RuntimeException would not.
        abandonQuietly(publisher);
      }
      in.release();
    }
  }

  /** The inputs to read, after the checks that need no output: a run by date reads one folder per date. */
  private static List<InputSpec> resolveInputs(SparkSession spark, Request req) {
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
    if (inputs.isEmpty()) {
      throw new InputException("no input has data for any date from " + scope.from() + " to " + scope.to());
    }
    return inputs;
  }

  /**
   * The events whose links to their orders the manifest counts: those the run loaded. A run by
   * date that builds on published output does not read all of it again for that; any other run
   * publishes what it loaded (with what it kept, for a first run by date).
   */
  private static Dataset<Row> linked(Build build, Ingested in, Detail detail) {
    return build == Build.CHANGES ? in.result().events() : detail.current().events();
  }

  /** The run's as-of time: given, or for a run by date the end of the last date it covers. */
  private static Instant asOf(Request req, List<InputSpec> inputs, DateRuns.Kept kept) {
    Scope scope = req.scope();
    int lookbackDays = req.config().lateLookbackDays();
    return scope.byDate() ? Scope.endOf(DateRuns.lastDate(scope, inputs,
            last -> DateRuns.latestLoadedFrom(kept.events(), last, lookbackDays)),
        req.config().reportingTimeZone()) : req.asOf();
  }

  private static List<String> loadedDates(List<InputSpec> inputs) {
    return inputs.stream().map(InputSpec::loadedDate).filter(Objects::nonNull).distinct().map(LocalDate::toString)
        .toList();
  }

  /**
   * What ingest gave, and every event and rejected record the output will hold: for a run by
   * date, what it keeps (minus events its records displaced) plus its own.
   */
  private record Ingested(Ingest.Result result, LookupSources.Registered lookups, Dataset<Row> events,
      Dataset<Row> rejected) {
    void release() {
      result.release();
      lookups.release();
    }
  }

  /**
   * The published events a run by date's records contest event_ids with: found through the
   * published {@link io.cx.transform.EventIds} where the output has them whole, else by reading
   * every published event's id.
   */
  private static io.cx.ingest.Rivals rivals(Dataset<Row> kept, Publisher publisher) {
    return Incremental.eventIds(publisher)
        .map(index -> io.cx.transform.EventIds.rivals(kept, index))
        .orElseGet(() -> io.cx.ingest.Rivals.scanning(kept));
  }

  private static Ingested ingest(SparkSession spark, Request req, List<InputSpec> inputs, DateRuns.Kept kept,
      Optional<io.cx.ingest.Rivals> rivals, IngestSettings settings, String runId, DoubleSupplier seconds) {
    LookupSources.Registered lookups = LookupSources.register(spark, req.lookups(), settings);
    lookups.lookups().stream().filter(l -> l.malformed() > 0).forEach(l -> LOG.warn(
        "lookup source {} ({}): {} records could not be parsed and are not visible to the mapping", l.name(), l.path(),
        l.malformed()));
    Ingest.Result ingested = Ingest.runAgainst(spark, inputs, req.mappingSql(), settings, runId, rivals);
    Dataset<Row> displaced = ingested.displaced();
    Dataset<Row> events = kept.events().map(k -> k.join(displaced, k.col(EventContract.EVENT_ID)
        .equalTo(displaced.col(EventContract.EVENT_ID)), "left_anti").unionByName(ingested.events()))
        .orElse(ingested.events());
    Dataset<Row> rejected = kept.rejected().map(k -> k.unionByName(ingested.rejected())).orElse(ingested.rejected());
    InputCounts total = ingested.total();
    LOG.info("ingest: {} rows read, {} valid, {} rejected, {} duplicate ({} s)", total.rowsRead(), total.rowsValid(),
        total.rowsRejected(), total.rowsDuplicate(), seconds.getAsDouble());
    return new Ingested(ingested, lookups, events, rejected);
  }

  /** Stages the rejected records: whole, or for a run over a complete output the dates its records touch. */
  private static void stageRejected(SparkSession spark, Publisher publisher, Request req, DateRuns.Kept kept,
      Ingested in, Build build, String emptyDate, RunLog log) {
    log.step("write " + RejectedContract.TABLE, s -> {
      if (build == Build.CHANGES && kept.rejected().isPresent()) {
        Incremental.stageRejected(spark, publisher, req.output(), req.scope(), kept.rejected().get(),
            in.result().rejected(), emptyDate);
      } else {
        publisher.stage(in.rejected(), RejectedContract.TABLE, EventContract.DATE, emptyDate,
            Publisher.Layout.DETAIL);
      }
      return null;
    });
  }

  /** A run stopped by the data-quality gate: nothing is published, the rejected rows are kept aside. */
  private static RunManifest refuse(String reason, Publisher publisher, RunLog log) {
    String kept = publisher.quarantine(RejectedContract.TABLE).toString();
    String message = reason + "; nothing was published, the rejected rows are in " + kept;
    LOG.error("data-quality gate failed: {}", message);
    RunManifest m = log.facts().manifest(RunManifest.FAILED_QUALITY_GATE, ExitCodes.QUALITY_GATE, message,
        publisher.root().toString(), Map.of(), log.secondsByStep(), null);
    m.write(publisher.fileSystem(), publisher.root());
    return m;
  }

  /**
   * The detail tables of a run that builds every date. The enriched events are read by the
   * events, the journeys and the sessions, so they are held (partitioned by person, so those
   * aggregate without a shuffle) until those are staged; everything after reads the staged tables.
   */
  private static Detail everyDate(Dataset<Row> events, TransformSettings ts, Staging staging, RunLog log,
      Optional<Dataset<Row>> attributes) {
    // Cutting journeys to their maximum length counts the events beyond it, which cuts every timeline.
    return Transform.everyDate(events, ts, staging, enrich -> log.step(CUT_TIMELINES, s -> enrich.get()),
        attributes);
  }

  /**
   * Publishes: a run by date first compares what it staged with the published partitions (a full
   * refresh does not read them: it must rebuild an output whose files are damaged).
   */
  private static RunManifest publish(Publisher publisher, RunLog log, Scope scope) {
    log.step("publish", seconds -> {
      if (scope.byDate()) {
        Map<String, List<String>> restated = scope.mode() == Scope.Mode.DATES ? publisher.skipUnchanged()
            : publisher.restatedWithoutComparing();
        LOG.info("restating {} partitions: {}", restated.values().stream().mapToInt(List::size).sum(),
            RestatedPartitions.describe(restated));
        log.found(f -> f.restating(restated));
      }
      publisher.publishAll(succeeded(publisher, log).toJson());
      return null;
    });
    LOG.info("publish: {} tables under {} ({} s)", publisher.written().size(), publisher.root(),
        log.seconds("publish"));
    RunManifest done = succeeded(publisher, log);
    publisher.complete(done.toJson());
    return done;
  }

  private static RunManifest succeeded(Publisher publisher, RunLog log) {
    return log.facts().manifest(RunManifest.SUCCEEDED, ExitCodes.OK, "", publisher.root().toString(),
        publisher.tablesAfterPublish(), log.secondsByStep(), null);
  }

  /**
   * Writes the manifest of a run that failed, if it can: a full disk or a read-only output may
   * stop that too, and must not hide the run's own failure.
   */
  private static void recordFailure(RunLog log, Failure failure, Publisher publisher) {
    try {
      log.facts().manifest(RunManifest.FAILED, failure.exitCode(), failure.message(), publisher.root().toString(),
          Map.of(), log.secondsByStep(), log.currentStep()).write(publisher.fileSystem(), publisher.root());
    } catch (RuntimeException e) {
      LOG.warn("could not write the manifest of the failed run {}: {}", log.facts().runId(),
          Redact.secrets(e.getMessage()));
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

  static String newRunId() {
    String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    return now + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
  }
}
