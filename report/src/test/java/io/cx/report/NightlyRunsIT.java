package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central guarantee of runs by logical date: for the same landing data, running night by
 * night, backfilling in ranges, or one full refresh publish identical tables, and rerunning a date
 * changes nothing. The landing data is a generated sample split by event date, with late arrivals
 * (1-2 days: inside the lookback; 5 days: beyond it) and records re-sent the next night.
 */
class NightlyRunsIT {
  static final LocalDate FIRST = LocalDate.parse("2026-01-01");
  static final LocalDate LAST = LocalDate.parse("2026-01-07");
  static final String[] LENIENT = {"--set", "ingest.max-rejected-share=1"};
  @TempDir static Path dir;
  static String landing;

  @BeforeAll
  static void landingData() throws IOException {
    TestSpark.session();
    Path gen = dir.resolve("gen");
    assertThat(Main.execute("generate", "--output", gen.toString(), "--customers", "50", "--days", "6", "--seed", "3"))
        .isZero();
    Map<LocalDate, List<String>> byNight = new TreeMap<>();
    try (Stream<Path> files = Files.list(gen)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          route(line, byNight);
        }
      }
    }
    for (Map.Entry<LocalDate, List<String>> e : byNight.entrySet()) {
      Path night = dir.resolve("landing/dt=" + e.getKey() + "/events.jsonl");
      Files.createDirectories(night.getParent());
      Files.write(night, e.getValue());
    }
    landing = dir.resolve("landing").toString() + "/dt={date}/";
  }

  /** The night a record lands: its event date, some later, some twice; unreadable ones on the first night. */
  static void route(String line, Map<LocalDate, List<String>> byNight) {
    if (line.isBlank()) {
      return;
    }
    String id = line;
    LocalDate day = null;
    try {
      JsonNode n = new ObjectMapper().readTree(line);
      id = n.path("event_id").asText(line);
      JsonNode t = n.path("event_time");
      day = t.isNumber() || t.asText().matches("-?\\d+")
          ? Instant.ofEpochMilli(t.asLong()).atZone(ZoneOffset.UTC).toLocalDate()
          : LocalDate.parse(t.asText().substring(0, 10));
    } catch (Exception e) {
      // malformed line or unreadable time: lands on the first night
    }
    int h = bucket(id);
    LocalDate night = day == null ? FIRST : day;
    if (h < 40) {
      night = night.plusDays(1 + h % 2);
    } else if (h < 50) {
      night = night.plusDays(5);
    }
    night = clamp(night);
    byNight.computeIfAbsent(night, k -> new ArrayList<>()).add(line);
    if (h >= 50 && h < 65) {
      byNight.computeIfAbsent(clamp(night.plusDays(1)), k -> new ArrayList<>()).add(line);
    }
  }

  static LocalDate clamp(LocalDate d) {
    return d.isBefore(FIRST) ? FIRST : d.isAfter(LAST) ? LAST : d;
  }

  static int bucket(String id) {
    try {
      byte[] h = MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8));
      return ((h[0] & 0xff) << 8 | (h[1] & 0xff)) % 1000;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int cx(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(LENIENT));
    return Main.execute(all.toArray(String[]::new));
  }

  static JsonNode manifest(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("_manifests/latest.json").toFile());
  }

  @Test
  void nightByNightBackfillAndFullRefreshPublishTheSameTables() throws IOException {
    Path full = dir.resolve("full");
    assertThat(cx("run", "--full-refresh", "--input", landing, "--output", full.toString())).isZero();
    assertThat(manifest(full).at("/total/rejects_by_reason/late_event").asLong()).as("beyond the lookback").isPositive();

    Path nightly = dir.resolve("nightly");
    boolean restatedAnEarlierDay = false;
    Path keys = nightly.resolve(io.cx.transform.CrossDateKeys.TABLE);
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      if (d.equals(LAST.minusDays(2))) {
        // As an output published before the key rows, the sparse events and the event_ids were
        // kept: that night derives them from its events (and finds its rivals by reading every id).
        for (Path internal : List.of(keys, nightly.resolve(io.cx.transform.SparseEvents.TABLE),
            nightly.resolve(io.cx.transform.EventIds.TABLE))) {
          try (Stream<Path> all = Files.walk(internal)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.delete(f);
            }
          }
        }
      }
      // Every other night keeps its intermediate results in files, as on a cluster; the others hold them.
      String scratch = "runs-by-date.scratch=" + (d.getDayOfMonth() % 2 == 0 ? "files" : "memory");
      assertThat(cx("run", "--date", d.toString(), "--input", landing, "--output", nightly.toString(), "--set",
          scratch)).as(d.toString()).isZero();
      assertThat(keys).as("the key rows after %s", d).isDirectory();
      for (JsonNode p : manifest(nightly).at("/scope/restated_partitions/events")) {
        restatedAnEarlierDay |= LocalDate.parse(p.asText()).isBefore(d);
      }
    }
    assertThat(restatedAnEarlierDay).as("a late event restated an earlier, already published day").isTrue();
    Duck.assertSameTables(full, nightly);

    Path backfilled = dir.resolve("backfilled");
    assertThat(cx("backfill", "--from", "2026-01-04", "--to", LAST.toString(), "--input", landing, "--output",
        backfilled.toString())).isZero();
    assertThat(cx("backfill", "--from", FIRST.toString(), "--to", "2026-01-03", "--input", landing, "--output",
        backfilled.toString())).isZero();
    Duck.assertSameTables(full, backfilled);

    // The event_ids' only month removed by hand: the rerun's records re-sent on other nights still
    // meet their published twins (found by reading every id), and the index is published whole again.
    try (Stream<Path> all = Files.walk(nightly.resolve(io.cx.transform.EventIds.TABLE).resolve("month=2026-01"))) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    assertThat(cx("run", "--date", "2026-01-03", "--input", landing, "--output", nightly.toString())).isZero();
    JsonNode rerun = manifest(nightly);
    assertThat(rerun.at("/scope/restated_partitions/events")).as("a rerun changes no event").isEmpty();
    assertThat(rerun.at("/scope/restated_partitions/kpi_returns")).isEmpty();
    Duck.assertSameTables(full, nightly);
  }
}
