package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.report.cli.Main;
import io.cx.testing.Files2;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs by date on hand-made landing data of one or two events a night: the cases generated data
 * never produces (a table without rows, a restated partition that has no rows, a partition that
 * becomes empty). Every night must succeed, every table must stay readable by DuckDB, and the
 * nightly output must equal a full refresh of the same landing data.
 */
class QuietNightsIT {
  @TempDir Path dir;

  @BeforeAll
  static void shareTheTestSession() {
    TestSpark.session();
  }

  static String pageView(String id, String time) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time
        + "\",\"event_type\":\"page_view\",\"channel\":\"web\",\"customer_id\":\"c1\"}";
  }

  static String contact(String id, String time) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time
        + "\",\"event_type\":\"contact\",\"channel\":\"phone\",\"customer_id\":\"c1\",\"resolved\":true}";
  }

  void land(String date, String... lines) {
    Files2.write(dir.resolve("L/dt=" + date + "/events.jsonl"), List.of(lines));
  }

  int run(String... args) {
    return Main.execute(args);
  }

  int night(String date, Path out) {
    return run("run", "--date", date, "--input", dir.resolve("L") + "/dt={date}/", "--output", out.toString());
  }

  int fullRefresh(Path out) {
    return run("run", "--full-refresh", "--input", dir.resolve("L") + "/dt={date}/", "--output", out.toString());
  }

  /** The nightly output equals a full refresh of all landing data. */
  void assertSameAsAFullRefresh(Path nightly) throws IOException {
    Path full = dir.resolve("full");
    assertThat(fullRefresh(full)).isZero();
    Duck.assertSameTables(full, nightly);
  }

  /** Every table has at least one file, and DuckDB reads each with the documented glob. */
  static void assertEveryTableReadable(Path out) throws IOException {
    List<String> tables;
    try (Stream<Path> s = Files.list(out)) {
      tables = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted().toList();
    }
    assertThat(tables).hasSizeGreaterThan(15);
    for (String t : tables) {
      assertThat(Duck.count("SELECT count(*) + 1 FROM " + Duck.table(out, t))).as(t).isPositive();
    }
  }

  @Test
  void theSecondNightOfANewOutputSucceedsWhenATableHasNoRows() throws IOException {
    land("2024-03-01", pageView("v1", "2024-03-01T09:00:00Z"));
    land("2024-03-02", pageView("v2", "2024-03-02T09:00:00Z"));
    Path nightly = dir.resolve("nightly");
    assertThat(night("2024-03-01", nightly)).isZero();
    assertThat(night("2024-03-02", nightly)).as("second night").isZero();
    assertEveryTableReadable(nightly);
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(nightly, "events"))).isEqualTo(2);

    assertSameAsAFullRefresh(nightly);
  }

  @Test
  void aPartitionThatBecomesEmptyLeavesItsTableReadable() throws IOException {
    land("2024-03-01", contact("k1", "2024-03-01T09:00:00Z"));
    Path nightly = dir.resolve("nightly");
    assertThat(night("2024-03-01", nightly)).isZero();
    assertThat(Duck.count("SELECT sum(contacts) FROM " + Duck.table(nightly, "kpi_service_contacts"))).isEqualTo(1);

    // The landing data of the night is replaced: its only contact was a page view after all.
    land("2024-03-01", pageView("k1", "2024-03-01T09:00:00Z"));
    assertThat(night("2024-03-01", nightly)).as("rerun of the night").isZero();
    assertEveryTableReadable(nightly);
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(nightly, "kpi_service_contacts"))).isZero();

    land("2024-03-02", pageView("v2", "2024-03-02T09:00:00Z"));
    assertThat(night("2024-03-02", nightly)).as("the night after").isZero();
    assertEveryTableReadable(nightly);
    assertSameAsAFullRefresh(nightly);
  }

  @Test
  void aDamagedPublishedFileStopsANightAndAFullRefreshRepairsIt() throws IOException {
    land("2024-03-01", pageView("v1", "2024-03-01T09:00:00Z"));
    land("2024-03-02", pageView("v2", "2024-03-02T09:00:00Z"));
    Path out = dir.resolve("out");
    assertThat(night("2024-03-01", out)).isZero();
    Path victim;
    try (Stream<Path> files = Files.list(out.resolve("events/date=2024-03-01"))) {
      victim = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.write(victim, new byte[] {'P', 'A', 'R', '1'});

    assertThat(night("2024-03-02", out)).as("a night over a damaged file").isEqualTo(ExitCodes.USAGE);
    assertThat(run("verify", out.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(fullRefresh(out)).isZero();
    assertThat(run("verify", out.toString())).isZero();
    assertThat(Duck.count("SELECT count(*) FROM " + Duck.table(out, "events"))).isEqualTo(2);
  }

  static String purchase(String id, String time, String order) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time
        + "\",\"event_type\":\"purchase\",\"channel\":\"web\",\"customer_id\":\"c1\",\"order_id\":\"" + order
        + "\",\"amount\":20,\"currency\":\"USD\"}";
  }

  static String giveBack(String id, String time, String order) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time
        + "\",\"event_type\":\"return\",\"channel\":\"web\",\"customer_id\":\"c1\",\"order_id\":\"" + order
        + "\",\"amount\":5,\"currency\":\"USD\"}";
  }

  /** The manifest's order linkage of the last run, as "event_type status events" lines. */
  static List<String> orderLinkage(Path out) throws IOException {
    com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("_manifests/latest.json").toFile());
    List<String> lines = new java.util.ArrayList<>();
    m.path("order_linkage").forEach(l -> lines.add(l.path("event_type").asText() + " " + l.path("status").asText()
        + " " + l.path("events").asLong()));
    return lines;
  }

  @Test
  void aNightCountsTheOrderLinksOfTheRecordsItLoaded() throws IOException {
    land("2024-03-01", purchase("p1", "2024-03-01T09:00:00Z", "o1"), giveBack("r1", "2024-03-01T18:00:00Z", "o1"));
    land("2024-03-02", giveBack("r2", "2024-03-02T09:00:00Z", "o1"), giveBack("r3", "2024-03-02T10:00:00Z", "o9"));
    Path nightly = dir.resolve("nightly");
    assertThat(night("2024-03-01", nightly)).isZero();
    assertThat(orderLinkage(nightly)).containsExactly("return linked 1");
    assertThat(night("2024-03-02", nightly)).isZero();
    // The second night's two returns, the one of o1 linked to the order published the night before.
    assertThat(orderLinkage(nightly)).containsExactly("return linked 1", "return no_such_order 1");
    assertThat(Duck.count("SELECT sum(returned_orders) FROM " + Duck.table(nightly, "kpi_returns"))).isEqualTo(1);
    // A full refresh counts every record it loads.
    Path full = dir.resolve("full");
    assertThat(fullRefresh(full)).isZero();
    assertThat(orderLinkage(full)).containsExactly("return linked 2", "return no_such_order 1");
    Duck.assertSameTables(full, nightly);
  }
}
