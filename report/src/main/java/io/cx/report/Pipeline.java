package io.cx.report;

import io.cx.ingest.EventContract;
import io.cx.ingest.Ingest;
import io.cx.ingest.InputCounts;
import io.cx.ingest.InputException;
import io.cx.ingest.InputResolver;
import io.cx.ingest.InputSpec;
import io.cx.ingest.InputSpec.InputFormat;
import io.cx.ingest.IngestSettings;
import io.cx.ingest.QualityGate;
import io.cx.report.config.CxConfig;
import io.cx.report.publish.Publisher;
import io.cx.report.publish.TableStats;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The batch job, top to bottom: ingest, then publish the tables, then the manifest. */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  public static final String EVENTS = "events";
  public static final String REJECTED_EVENTS = "rejected_events";

  private Pipeline() {}

  /** What to run: the inputs, how to read them, where to write, as of when. */
  public record Request(
      List<String> inputs, Optional<InputFormat> format, Optional<String> mappingSql, String output,
      Instant asOf, CxConfig config) {}

  public static RunManifest run(SparkSession spark, Request req) {
    String runId = newRunId(req.asOf());
    Instant started = Instant.now();
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<InputSpec> inputs = InputResolver.resolve(req.inputs(), req.format(), spark.sparkContext().hadoopConfiguration());
    OutputGuard.checkNoOverlap(req.output(), req.inputs());
    IngestSettings settings = req.config().ingestSettings(req.asOf());
    Publisher publisher = new Publisher(spark, req.output(), runId);

    long t0 = System.nanoTime();
    Ingest.Result ingested = Ingest.run(spark, inputs, req.mappingSql(), settings, runId);
    InputCounts total = ingested.total();
    seconds.put("ingest", secondsSince(t0));
    LOG.info("ingest: {} rows read, {} valid, {} rejected, {} duplicate ({} s)", total.rowsRead(), total.rowsValid(),
        total.rowsRejected(), total.rowsDuplicate(), seconds.get("ingest"));

    Optional<String> gate = QualityGate.check(total, req.config().maxRejectedShare());
    String emptyPartition = LocalDate.ofInstant(req.asOf(), settings.reportingTimeZone()).toString();
    try {
      long t1 = System.nanoTime();
      publisher.stage(ingested.rejected(), REJECTED_EVENTS, EventContract.DATE, emptyPartition);
      if (gate.isPresent()) {
        String kept = publisher.quarantine(REJECTED_EVENTS).toString();
        String message = gate.get() + "; nothing was published, the rejected rows are in " + kept;
        LOG.error("data-quality gate failed: {}", message);
        return manifest(req, runId, started, RunManifest.FAILED_QUALITY_GATE, ExitCodes.QUALITY_GATE, message,
            ingested, Map.of(), seconds, publisher);
      }
      publisher.stage(ingested.events(), EVENTS, EventContract.DATE, emptyPartition);
      seconds.put("write", secondsSince(t1));
      Map<String, TableStats> tables = publisher.publishAll();
      seconds.put("publish", secondsSince(t1) - seconds.get("write"));
      LOG.info("publish: {} tables under {} ({} s)", tables.size(), req.output(), seconds.get("write"));
      return manifest(req, runId, started, RunManifest.SUCCEEDED, ExitCodes.OK, "", ingested, tables, seconds, publisher);
    } catch (RuntimeException e) {
      publisher.abandon();
      throw e;
    } finally {
      ingested.release();
    }
  }

  private static RunManifest manifest(
      Request req, String runId, Instant started, String status, int exitCode, String message,
      Ingest.Result ingested, Map<String, TableStats> tables, Map<String, Double> seconds, Publisher publisher) {
    RunManifest m = new RunManifest(runId, "run", status, exitCode, message, req.asOf().toString(),
        started.toString(), Instant.now().toString(), publisher.root().toString(), ingested.inputs(),
        ingested.total(), tables, seconds, RunManifest.parseConfig(req.config().json()));
    m.write(publisher.fileSystem(), publisher.root());
    return m;
  }

  static String newRunId(Instant asOf) {
    String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    return now + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
  }

  private static double secondsSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1e7) / 100.0;
  }

}
