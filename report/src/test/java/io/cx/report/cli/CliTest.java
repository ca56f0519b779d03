package io.cx.report.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.report.Duck;
import io.cx.report.ExitCodes;
import io.cx.testing.Files2;
import io.cx.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a scheduler sees it: exit codes, one-line errors, what lands on disk. */
class CliTest {
  @TempDir Path dir;

  @BeforeAll
  static void shareTheTestSession() {
    TestSpark.session();
  }

  record Outcome(int code, String out, String err) {}

  static Outcome cx(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  static String event(String id, String time, String type, String extra) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"event_type\":\"" + type
        + "\",\"channel\":\"web\",\"customer_id\":\"c1\"" + extra + "}";
  }

  Path fixture() {
    return Files2.write(dir.resolve("in/events.jsonl"), List.of(
        event("e1", "2026-02-01T10:00:00Z", "page_view", ",\"page\":\"/\""),
        event("e2", "2026-02-01T10:05:00+01:00", "purchase", ",\"order_id\":\"o1\",\"amount\":\"19.90\""),
        event("e2", "2026-02-01T10:06:00Z", "purchase", ",\"order_id\":\"o1\",\"amount\":\"19.90\""),
        event("e3", "2026-02-02T09:00:00Z", "return", ",\"order_id\":\"o1\""),
        "not json at all"));
  }

  @Test
  void wrongArgumentsGiveOneLineAndExitCode2() {
    Outcome unknown = cx("run", "--bogus");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).startsWith("cx: ").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(unknown.err().lines().count()).isEqualTo(2);

    Outcome missingInput = cx("run", "--input", dir.resolve("nope/*.jsonl").toString(), "--output", dir.resolve("o").toString());
    assertThat(missingInput.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missingInput.err().strip()).startsWith("cx: input").endsWith("matches no data files");

    Outcome badSetting = cx("run", "--input", fixture().toString(), "--output", dir.resolve("o").toString(),
        "--set", "ingest.no-such-key=1");
    assertThat(badSetting.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badSetting.err()).contains("unknown setting 'ingest.no-such-key'");

    Outcome lookupWithoutMapping = cx("run", "--input", fixture().toString(), "--output", dir.resolve("o").toString(),
        "--source", "orders=" + fixture());
    assertThat(lookupWithoutMapping.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(lookupWithoutMapping.err()).contains("needs --mapping");

    Outcome overlap = cx("run", "--input", dir.resolve("in").toString(), "--output", dir.resolve("in/out").toString());
    assertThat(overlap.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(overlap.err()).contains("overlaps input");
  }

  @Test
  void customerAttributesArePublishedOrRefusedWithTheirProblem() {
    Path dup = Files2.write(dir.resolve("dup.csv"), List.of("customer_id,persona", "c1,a", "c1,b"));
    Path out = dir.resolve("attr");
    Outcome refused = cx("run", "--input", fixture().toString(), "--output", out.toString(),
        "--as-of", "2026-03-01T00:00:00Z", "--set", "ingest.max-rejected-share=0.5", "--customer-attributes",
        dup.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err().strip()).isEqualTo("cx: customer attributes " + dup
        + " give a customer_id more than once: 'c1' (2 rows); keep one row per customer");
    assertThat(out.resolve("customers")).doesNotExist();

    Path good = Files2.write(dir.resolve("good.csv"), List.of("customer_id,persona", "c1,loyalist", "c9,casual"));
    Outcome run = cx("run", "--input", fixture().toString(), "--output", out.toString(),
        "--as-of", "2026-03-01T00:00:00Z", "--set", "ingest.max-rejected-share=0.5", "--customer-attributes",
        good.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Duck.query("SELECT customer_id, rfm_segment, persona FROM " + Duck.table(out, "customers")))
        .containsExactly(List.of("c1", "new", "loyalist"));
    assertThat(Duck.query("SELECT segment_kind, segment, customers FROM " + Duck.table(out, "kpi_segments")
        + " WHERE month = '2026-02' ORDER BY 1")).containsExactly(List.of("persona", "loyalist", 1L),
        List.of("rfm", "new", 1L));
  }

  @Test
  void runsByDateExplainWhatIsMissing() {
    Path day = Files2.write(dir.resolve("landing/dt=2026-02-01/e.jsonl"), List.of(
        event("e1", "2026-02-01T10:00:00Z", "page_view", "")));
    String template = dir.resolve("landing").toString() + "/dt={date}/";
    String out = dir.resolve("by-date").toString();

    Outcome noPlaceholder = cx("run", "--date", "2026-02-01", "--input", day.toString(), "--output", out);
    assertThat(noPlaceholder.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noPlaceholder.err()).contains("needs a {date} placeholder");

    Outcome noData = cx("run", "--date", "2026-02-02", "--input", template, "--output", out);
    assertThat(noData.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noData.err()).contains("no input for 2026-02-02").contains("dt=2026-02-02");

    Outcome asOf = cx("run", "--date", "2026-02-01", "--as-of", "2026-03-01", "--input", template, "--output", out);
    assertThat(asOf.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(asOf.err()).contains("--as-of is for plain runs");

    Outcome badRange = cx("backfill", "--from", "2026-02-05", "--to", "2026-02-01", "--input", template, "--output", out);
    assertThat(badRange.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badRange.err()).contains("is after --to");

    Outcome badDate = cx("run", "--date", "2026-02-30", "--input", template, "--output", out);
    assertThat(badDate.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDate.err()).contains("not a date");
  }

  @Test
  void hostileOutputsAndInputsGetOneLineAndTheRightCode() throws Exception {
    String[] lenient = {"--as-of", "2026-02-10T00:00:00Z", "--set", "ingest.max-rejected-share=1"};
    // Another tool's folder is not cx's to write into.
    Files2.write(dir.resolve("erp/orders/dt=2020-01-01/erp.parquet"), List.of("x"));
    Outcome foreign = cx(concat(new String[] {"run", "--input", fixture().toString(), "--output",
        dir.resolve("erp").toString()}, lenient));
    assertThat(foreign.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(foreign.err()).contains("not created by cx").contains("--adopt-output");
    assertThat(dir.resolve("erp/orders/dt=2020-01-01/erp.parquet")).exists();

    // A truncated gzip input: the file and the cause, nothing published, a manifest that says so.
    Path gz = Files2.write(dir.resolve("gz/e.jsonl.gz"), java.util.Collections.nCopies(3000,
        event("g", "2026-02-01T10:00:00Z", "page_view", "")));
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
    Path out = dir.resolve("gz-out");
    Outcome truncated = cx(concat(new String[] {"run", "--input", gz.getParent().toString(), "--output",
        out.toString()}, lenient));
    assertThat(truncated.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(truncated.err().strip()).startsWith("cx: cannot read input file").contains("e.jsonl.gz")
        .contains("Unexpected end of input stream").doesNotContain("\tat ");
    assertThat(truncated.err().lines().count()).isEqualTo(1);
    JsonNode failed = new ObjectMapper().readTree(out.resolve("_manifests/latest.json").toFile());
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("exit_code").asInt()).isEqualTo(ExitCodes.USAGE);
    assertThat(failed.path("failed_stage").asText()).isEqualTo("ingest");
    assertThat(out.resolve("_staging")).doesNotExist();
    assertThat(out.resolve("_cx_lock")).doesNotExist();

    // A password in an input never reaches the console.
    Outcome secret = cx("run", "--input", "jdbc:postgresql://admin:SECRET@db/x", "--output", out.toString());
    assertThat(secret.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(secret.err()).doesNotContain("SECRET").contains("admin:***@");
  }

  @Test
  void aDamagedPublishedFileIsListedByInspectAndVerify() throws Exception {
    Path out = dir.resolve("damaged");
    assertThat(cx("run", "--input", fixture().toString(), "--output", out.toString(), "--as-of",
        "2026-02-10T00:00:00Z", "--set", "ingest.max-rejected-share=1").code()).isZero();
    assertThat(cx("verify", out.toString()).out()).contains("every file reads");
    Path victim;
    try (var files = Files.list(out.resolve("events/date=2026-02-01"))) {
      victim = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (var ch = java.nio.channels.FileChannel.open(victim, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(victim) / 2);
    }

    Outcome inspect = cx("inspect", out.toString());
    assertThat(inspect.code()).isZero();
    assertThat(inspect.out()).contains("damaged: ").contains(victim.getFileName().toString());
    assertThat(inspect.err()).contains("1 damaged file(s)");

    Outcome verify = cx("verify", out.toString());
    assertThat(verify.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(verify.out()).contains("1 damaged").contains("damaged partitions: events/date=2026-02-01")
        .contains("cx run --as-of 2026-02-10T00:00:00Z --input '" + fixture() + "' --output " + out);

    // A plain run replaces every table without reading the published ones.
    assertThat(cx("run", "--input", fixture().toString(), "--output", out.toString(), "--as-of",
        "2026-02-10T00:00:00Z", "--set", "ingest.max-rejected-share=1").code()).isZero();
    assertThat(cx("verify", out.toString()).code()).isZero();
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void configShowPrintsTheEffectiveSettings() {
    Outcome show = cx("config", "--show", "--set", "journeys.journey-timeout=3 days");
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("journey-timeout=\"3 days\"").contains("session-gap=\"30 minutes\"")
        .contains("# Zone of timestamps written without an offset.")
        .contains("journey-max-length=\"30 days\"")
        .containsPattern("#\\s+journeys\\s+66 days = late-event-lookback \\+ stitch-lookback \\+ journey-max-length");
  }

  @Test
  void helpAndVersionExitZero() {
    for (String cmd : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
      Outcome help = cx(cmd, "--help");
      assertThat(help.code()).as(cmd).isZero();
      // A '%' in a description that is not doubled makes picocli print a warning and the raw text.
      assertThat(help.err() + help.out()).as(cmd).doesNotContain("picocli WARN").doesNotContain("%n");
    }
    assertThat(cx("--version").code()).isZero();
  }

  @Test
  void runPublishesTypedTablesAndAManifestThatReconciles() throws Exception {
    Path out = dir.resolve("out");
    Outcome run = cx("run", "--input", fixture().toString(), "--output", out.toString(),
        "--as-of", "2026-03-01T00:00:00Z", "--set", "ingest.max-rejected-share=0.5");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("succeeded").contains("events").contains("rejected_events");

    Map<String, String> events = Duck.types(out, "events");
    assertThat(events).containsEntry("event_time", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("amount", "DECIMAL(18,2)").containsEntry("quantity", "INTEGER")
        .containsEntry("wait_seconds", "BIGINT").containsEntry("resolved", "BOOLEAN")
        .containsEntry("date", "DATE");
    assertThat(Duck.types(out, "rejected_events")).containsEntry("raw_record", "VARCHAR")
        .containsEntry("reject_reason", "VARCHAR").containsEntry("date", "DATE");
    assertThat(Duck.query("SELECT event_id, event_time = TIMESTAMPTZ '2026-02-01 09:05:00+00', amount FROM "
        + Duck.table(out, "events") + " WHERE event_type = 'purchase'"))
        .containsExactly(List.of("e2", true, new java.math.BigDecimal("19.90")));
    assertThat(Duck.query("SELECT reject_reason, count(*) FROM " + Duck.table(out, "rejected_events")
        + " GROUP BY 1 ORDER BY 1")).containsExactly(List.of("invalid_amount", 1L), List.of("malformed_record", 1L));

    JsonNode m = new ObjectMapper().readTree(Files.readString(out.resolve("_manifests/latest.json")));
    JsonNode total = m.get("total");
    assertThat(m.get("status").asText()).isEqualTo("succeeded");
    assertThat(total.get("rows_read").asLong()).isEqualTo(5);
    assertThat(total.get("rows_valid").asLong()).isEqualTo(2);
    assertThat(total.get("rows_rejected").asLong()).isEqualTo(2);
    assertThat(total.get("rows_duplicate").asLong()).isEqualTo(1);
    assertThat(m.at("/tables/events/rows").asLong()).isEqualTo(2);
    assertThat(m.at("/tables/events/partitions/2026-02-01").asLong()).isEqualTo(2);
    assertThat(m.at("/configuration/ingest/max-rejected-share").asDouble()).isEqualTo(0.5);
    try (var stream = Files.list(out)) {
      List<String> expected = new java.util.ArrayList<>(List.of("events", "rejected_events", "sessions", "journeys",
          "orders", "customers", "_manifests", "_SUCCESS", "_cx_output", "_report", io.cx.transform.CrossDateKeys.TABLE,
          io.cx.transform.SparseEvents.TABLE, io.cx.transform.EventIds.TABLE));
      expected.addAll(io.cx.metrics.KpiTables.ALL);
      assertThat(stream.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void theReportPageOfATinyOutputAndItsErrors() throws Exception {
    Path out = dir.resolve("out");
    Outcome run = cx("run", "--input", fixture().toString(), "--output", out.toString(),
        "--as-of", "2026-03-01T00:00:00Z", "--set", "ingest.max-rejected-share=0.5");
    Path page = out.resolve("_report/index.html");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("report: " + page);
    // One purchase in February: the page says what it has, and which sections have nothing.
    assertThat(Files.readString(page)).contains("February 2026").contains("No sessions with a cart in February 2026.")
        .contains("no value for January 2026").doesNotContain("vs –");

    Path other = dir.resolve("page.html");
    Outcome report = cx("report", out.toString(), "--period", "week", "--to", other.toString());
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(report.out()).isEqualTo("report: " + other + System.lineSeparator());
    assertThat(Files.readString(other)).contains("week of 16 Feb 2026"); // data through Sat 28 Feb: the last whole week

    Outcome badPeriod = cx("report", out.toString(), "--period", "year");
    assertThat(badPeriod.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badPeriod.err()).contains("--period year is not one of month, quarter, week").doesNotContain("\tat ");
    Outcome missing = cx("report", dir.resolve("nothing").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("does not exist");

    Path quiet = dir.resolve("no-page");
    assertThat(cx("run", "--input", fixture().toString(), "--output", quiet.toString(), "--as-of", "2026-03-01",
        "--set", "ingest.max-rejected-share=0.5", "--set", "report.page=false").code()).isZero();
    assertThat(quiet.resolve("_report")).doesNotExist();
  }

  @Test
  void tooManyRejectsFailTheGateWithExitCode3AndPublishNothing() throws Exception {
    Path out = dir.resolve("gated");
    Outcome run = cx("run", "--input", fixture().toString(), "--output", out.toString(), "--as-of", "2026-03-01");

    assertThat(run.code()).isEqualTo(ExitCodes.QUALITY_GATE);
    assertThat(run.out()).contains("failed_quality_gate").contains("top reasons");
    assertThat(out.resolve("events")).doesNotExist();
    assertThat(out.resolve("rejected_events")).doesNotExist();
    JsonNode m = new ObjectMapper().readTree(Files.readString(out.resolve("_manifests/latest.json")));
    assertThat(m.get("exit_code").asInt()).isEqualTo(3);
    Path kept = out.resolve("_failed").resolve(m.get("run_id").asText()).resolve("rejected_events");
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(kept.getParent(), "rejected_events"))).isEqualTo(2);
  }

  @Test
  void inspectListsTheTablesFromTheFootersWithoutSpark() throws Exception {
    Path out = dir.resolve("inspected");
    assertThat(cx("run", "--input", fixture().toString(), "--output", out.toString(), "--as-of", "2026-03-01",
        "--set", "ingest.max-rejected-share=0.5").code()).isZero();
    String runId = Files.readString(out.resolve("_SUCCESS")).trim();

    Outcome text = cx("inspect", out.toString(), "--table", "events", "--partitions");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("last completed run (_SUCCESS): " + runId)
        .containsPattern("events\\s+date\\s+1\\s+2026-02-01 2026-02-01\\s+2 ")
        .containsPattern("event_time\\s+timestamp").containsPattern("amount\\s+decimal\\(18,2\\)")
        .contains("date=2026-02-01").doesNotContain("rejected_events");

    JsonNode inv = new ObjectMapper().readTree(cx("inspect", out.toString(), "--json").out());
    assertThat(inv.get("succeeded_run").asText()).isEqualTo(runId);
    JsonNode manifest = new ObjectMapper().readTree(Files.readString(out.resolve("_manifests/latest.json")));
    for (JsonNode t : inv.get("tables")) {
      String name = t.get("name").asText();
      assertThat(t.get("rows").asLong()).as(name).isEqualTo(manifest.at("/tables/" + name + "/rows").asLong());
      assertThat(t.get("schema_problems")).as(name).isEmpty();
    }
    List<String> published = new java.util.ArrayList<>();
    manifest.get("tables").fieldNames().forEachRemaining(published::add);
    assertThat(published).as("the manifest lists the internal tables, inspect does not")
        .contains(io.cx.transform.CrossDateKeys.TABLE, io.cx.transform.SparseEvents.TABLE,
            io.cx.transform.EventIds.TABLE);
    assertThat(inv.get("tables")).hasSize(published.size() - 3);

    assertThat(cx("inspect", dir.resolve("nothing-here").toString()).code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void rerunReplacesThePublishedTables() {
    Path out = dir.resolve("again");
    String[] args = {"run", "--input", fixture().toString(), "--output", out.toString(), "--as-of", "2026-03-01",
        "--set", "ingest.max-rejected-share=0.5"};
    assertThat(cx(args).code()).isZero();
    assertThat(cx(args).code()).isZero();
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(out, "events"))).isEqualTo(2);
    assertThat(out.resolve("_staging")).doesNotExist();
    assertThat(out.resolve("_trash")).doesNotExist();
  }

  @Test
  void theBenchmarkEmptiesOnlyFoldersItWrote() throws Exception {
    // A folder the benchmark would use, holding something else: both benchmarks stop before
    // running anything, with exit code 2, and leave it as it was.
    Path work = dir.resolve("bench-work");
    Path theirs = Files2.write(work.resolve("n" + BenchCommand.TINY).resolve("keep.txt"), List.of("mine"));
    Outcome bench = cx("bench", "--events", "500", "--dir", work.toString());
    assertThat(bench.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bench.err().strip()).startsWith("cx: --dir: ").endsWith("choose another --dir, or remove it");
    assertThat(Files.readAllLines(theirs)).containsExactly("mine");

    Path nightlyTheirs = Files2.write(work.resolve("nightly/d2/keep.txt"), List.of("mine"));
    Outcome nightly = cx("bench", "--nightly", "--history", "2", "--dir", work.toString());
    assertThat(nightly.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readAllLines(nightlyTheirs)).containsExactly("mine");

    // A folder it wrote (marked) is emptied and marked again; a missing one is created marked.
    Path own = work.resolve("own");
    BenchCommand.freshFolder(own);
    Files2.write(own.resolve("input/part-0.jsonl"), List.of("{}"));
    BenchCommand.freshFolder(own);
    try (var files = Files.list(own)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly(BenchCommand.MARKER);
    }
  }

  @Test
  void theDemoReplacesOnlyWhatItWrote() throws Exception {
    // Someone else's input folder, attributes file or output under --dir: exit code 2, one line,
    // nothing written (not even the demo's mark).
    Path inputs = dir.resolve("demo-inputs");
    Path theirInput = Files2.write(inputs.resolve("input/events.jsonl"), List.of("{}"));
    Path attributes = dir.resolve("demo-attributes");
    Path theirAttributes = Files2.write(attributes.resolve(DemoFolder.ATTRIBUTES), List.of("id,plan", "c1,pro"));
    Path outputs = dir.resolve("demo-outputs");
    Path theirOutput = Files2.write(outputs.resolve("output/notes.txt"), List.of("mine"));
    for (Path d : List.of(inputs, attributes, outputs)) {
      Outcome demo = cx("demo", "--dir", d.toString(), "--customers", "5", "--days", "2");
      assertThat(demo.code()).as(d.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(demo.err().strip()).as(d.toString()).startsWith("cx: --dir: ").endsWith("or remove it")
          .doesNotContain("\n");
      assertThat(d.resolve(DemoFolder.MARKER)).doesNotExist();
    }
    assertThat(Files.readAllLines(theirInput)).containsExactly("{}");
    assertThat(Files.readAllLines(theirAttributes)).containsExactly("id,plan", "c1,pro");
    assertThat(Files.readAllLines(theirOutput)).containsExactly("mine");
    assertThat(inputs.resolve("output")).doesNotExist();

    // A folder an earlier demo wrote before the mark existed (Spark's part files and checksums,
    // the sample's attributes header, a cx output) is the demo's; so is any marked folder.
    Path earlier = dir.resolve("demo-earlier");
    for (String f : List.of("_SUCCESS", "._SUCCESS.crc", "part-00000.jsonl", ".part-00000.jsonl.crc",
        "part-00001-3f2a.c000.jsonl.gz")) {
      Files2.write(earlier.resolve("input").resolve(f), List.of());
    }
    Files2.write(earlier.resolve(DemoFolder.ATTRIBUTES), List.of(io.cx.report.sample.SampleAttributes.HEADER, "c1,x,y,z"));
    Files2.write(earlier.resolve("output/_manifests/latest.json"), List.of("{}"));
    DemoFolder.check(earlier);
    DemoFolder.mark(inputs);
    DemoFolder.check(inputs);
  }
}
