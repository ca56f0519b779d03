package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights over a history longer than what a run by date reads: with windows of a few days, the
 * nights after the first three weeks read only their window, pin the older events to their
 * published journeys, and must still publish what a full refresh of the same landing data does.
 */
class LongHistoryNightsIT {
  static final LocalDate FIRST = LocalDate.parse("2026-01-01");
  static final int DAYS = 26;
  /** Horizons of 7 (events, orders) to 14 days (journeys); a night reads 20 days back. */
  static final List<String> WINDOWS = List.of("--set", "ingest.max-rejected-share=1",
      "--set", "ingest.late-event-lookback=2 days", "--set", "identity.stitch-lookback=5 days",
      "--set", "journeys.journey-max-length=5 days", "--set", "journeys.journey-timeout=2 days",
      "--set", "journeys.return-window=5 days", "--set", "journeys.contact-window=5 days");
  @TempDir Path dir;

  int cx(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(WINDOWS);
    return Main.execute(all.toArray(String[]::new));
  }

  @Test
  void nightsThatReadAWindowPublishWhatAFullRefreshDoes() throws IOException {
    TestSpark.session();
    String landing = land();
    LocalDate last = FIRST.plusDays(DAYS - 1);
    Path nightly = dir.resolve("nightly");
    assertThat(cx("run", "--full-refresh", "--date", last.minusDays(3).toString(), "--input", landing, "--output",
        nightly.toString())).isZero();
    for (LocalDate d = last.minusDays(2); !d.isAfter(last); d = d.plusDays(1)) {
      assertThat(cx("run", "--date", d.toString(), "--input", landing, "--output", nightly.toString())).as(d.toString())
          .isZero();
    }
    JsonNode horizons = new ObjectMapper().readTree(nightly.resolve("_manifests/latest.json").toFile())
        .at("/scope/horizons");
    assertThat(horizons.at("/journeys/first_open_date").asText()).isEqualTo(last.minusDays(14).toString());

    Path full = dir.resolve("full");
    assertThat(cx("run", "--full-refresh", "--date", last.toString(), "--input", landing, "--output", full.toString()))
        .isZero();
    Duck.assertSameTables(full, nightly);
  }

  /** The UTC date of a generated event_time: epoch milliseconds, ISO-8601 with an offset, or UTC wall time. */
  static LocalDate utcDate(JsonNode t) {
    if (t.isNumber()) {
      return Instant.ofEpochMilli(t.asLong()).atZone(ZoneOffset.UTC).toLocalDate();
    }
    try {
      return java.time.OffsetDateTime.parse(t.asText()).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (java.time.format.DateTimeParseException e) {
      return LocalDate.parse(t.asText().substring(0, 10));
    }
  }

  /** A generated month split by event date (UTC), a fifth of the records a day late. */
  String land() throws IOException {
    Path gen = dir.resolve("gen");
    assertThat(Main.execute("generate", "--output", gen.toString(), "--customers", "40", "--days",
        String.valueOf(DAYS), "--seed", "5", "--broken-share", "0")).isZero();
    Map<LocalDate, List<String>> byNight = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(gen)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode n = json.readTree(line);
          JsonNode t = n.path("event_time");
          LocalDate day = utcDate(t);
          LocalDate night = Math.floorMod(n.path("event_id").asText().hashCode(), 5) == 0 ? day.plusDays(1) : day;
          byNight.computeIfAbsent(night, k -> new ArrayList<>()).add(line);
        }
      }
    }
    for (Map.Entry<LocalDate, List<String>> e : byNight.entrySet()) {
      Path night = dir.resolve("landing/dt=" + e.getKey() + "/events.jsonl");
      Files.createDirectories(night.getParent());
      Files.write(night, e.getValue());
    }
    return dir.resolve("landing") + "/dt={date}/";
  }
}
