package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cx.report.cli.Main;
import io.cx.testing.Files2;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finality on hand-made nights: a run by date never rewrites a partition older than its table's
 * restatement horizon, and refuses an output published with other windows.
 */
class FinalPartitionsIT {
  @TempDir Path dir;

  /** Windows of a day or two, so that a fortnight of nights has final partitions. */
  static final List<String> SHORT_WINDOWS = List.of("--set", "ingest.late-event-lookback=1 day",
      "--set", "identity.stitch-lookback=1 day", "--set", "journeys.journey-max-length=2 days",
      "--set", "journeys.journey-timeout=1 day", "--set", "journeys.return-window=1 day",
      "--set", "journeys.contact-window=1 day");

  @BeforeAll
  static void shareTheTestSession() {
    TestSpark.session();
  }

  static String event(String id, String time, String type, String channel, String more) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"event_type\":\"" + type
        + "\",\"channel\":\"" + channel + "\"" + more + "}";
  }

  void land(String date, String... lines) {
    Files2.write(dir.resolve("L/dt=" + date + "/events.jsonl"), List.of(lines));
  }

  int night(String date, Path out, List<String> settings) {
    List<String> args = new ArrayList<>(List.of("run", "--date", date, "--input", dir.resolve("L") + "/dt={date}/",
        "--output", out.toString()));
    args.addAll(settings);
    return Main.execute(args.toArray(String[]::new));
  }

  /**
   * c1 calls on 03-01 in case K, without an order. On 03-11 c3 writes in case K about o1, which
   * c2 bought that day: by the contract the whole case is post-purchase, so c1's call of 03-01
   * leaves its journey. That change reaches back ten days, further than any horizon of these
   * windows (at most 5 days): the night of 03-11 leaves the partitions before its horizons as
   * they were, file for file.
   */
  @Test
  void aRunByDateNeverRewritesAFinalPartition() throws IOException {
    land("2026-03-01", event("k1", "2026-03-01T09:00:00Z", "contact", "phone", ",\"customer_id\":\"c1\",\"case_id\":\"K\""),
        event("v1", "2026-03-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""));
    for (int day = 2; day <= 10; day++) {
      String date = String.format("2026-03-%02d", day);
      land(date, event("v" + day, date + "T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c" + (day % 3) + "\""));
    }
    land("2026-03-11", event("p1", "2026-03-11T08:00:00Z", "purchase", "web",
            ",\"customer_id\":\"c2\",\"order_id\":\"o1\",\"amount\":20,\"currency\":\"USD\""),
        event("k2", "2026-03-11T09:00:00Z", "contact", "chat",
            ",\"customer_id\":\"c3\",\"case_id\":\"K\",\"order_id\":\"o1\",\"resolved\":true"));
    Path out = dir.resolve("out");
    // The nights up to 03-10 in one run, which publishes what running each of them in turn would.
    assertThat(fullRefresh(out, "2026-03-10")).isZero();
    assertThat(journeyOfTheFirstCall(out)).isNotNull();
    Map<String, Long> before = filesOfFinalPartitions(out, "2026-03-06");

    assertThat(night("2026-03-11", out, SHORT_WINDOWS)).isZero();

    assertThat(filesOfFinalPartitions(out, "2026-03-06")).as("file names and modification times")
        .isEqualTo(before);
    assertThat(journeyOfTheFirstCall(out)).as("left as published").isNotNull();
    JsonNode horizons = latestManifest(out).path("scope").path("horizons");
    assertThat(horizons.path("events").path("days").asLong()).isEqualTo(2);
    assertThat(horizons.path("events").path("first_open_date").asText()).isEqualTo("2026-03-09");
    assertThat(horizons.path("journeys").path("days").asLong()).isEqualTo(5);
    assertThat(horizons.path("journeys").path("formula").asText()).contains("journey-max-length");
    assertThat(horizons.path("customers").path("days").isNull()).isTrue();

    // A full refresh applies the contract to every date: there the call has left its journey.
    Path full = dir.resolve("full");
    assertThat(fullRefresh(full, "2026-03-11")).isZero();
    assertThat(journeyOfTheFirstCall(full)).isNull();
  }

  @Test
  void aChangedWindowRefusesARunByDateUntilAFullRefresh() throws IOException {
    land("2026-03-01", event("v1", "2026-03-01T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""));
    land("2026-03-02", event("v2", "2026-03-02T10:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""));
    Path out = dir.resolve("out");
    assertThat(night("2026-03-01", out, List.of())).isZero();
    List<String> longer = List.of("--set", "journeys.journey-max-length=60 days");
    assertThat(night("2026-03-02", out, longer)).isEqualTo(ExitCodes.USAGE);
    assertThat(latestManifest(out).path("message").asText()).contains("journeys.journey-max-length")
        .contains("--full-refresh");
    List<String> refresh = new ArrayList<>(List.of("run", "--full-refresh", "--input",
        dir.resolve("L") + "/dt={date}/", "--output", out.toString()));
    refresh.addAll(longer);
    assertThat(Main.execute(refresh.toArray(String[]::new))).isZero();
    assertThat(night("2026-03-02", out, longer)).as("after the full refresh").isZero();
  }

  int fullRefresh(Path out, String upTo) {
    List<String> args = new ArrayList<>(List.of("run", "--full-refresh", "--date", upTo, "--input",
        dir.resolve("L") + "/dt={date}/", "--output", out.toString()));
    args.addAll(SHORT_WINDOWS);
    return Main.execute(args.toArray(String[]::new));
  }

  private static Object journeyOfTheFirstCall(Path out) {
    return Duck.row(out, "events", "event_id = 'k1'").get("journey_id");
  }

  private static JsonNode latestManifest(Path out) throws IOException {
    return RunManifest.JSON.readTree(out.resolve("_manifests/latest.json").toFile());
  }

  /**
   * Every file (name and modification time) of the partitions dated before {@code firstOpen} of
   * the tables that have a horizon.
   */
  private static Map<String, Long> filesOfFinalPartitions(Path out, String firstOpen) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    for (Map.Entry<String, io.cx.transform.Horizon> t : Finality.horizons().entrySet()) {
      if (t.getValue().days(io.cx.report.config.CxConfig.load(java.util.Optional.empty(), Map.of()).windows()).isEmpty()) {
        continue;
      }
      try (Stream<Path> all = Files.walk(out.resolve(t.getKey()))) {
        for (Path f : all.filter(Files::isRegularFile).toList()) {
          String partition = f.getParent().getFileName().toString();
          if (partition.startsWith("date=") && partition.substring(5).compareTo(firstOpen) < 0) {
            files.put(out.relativize(f).toString(), Files.getLastModifiedTime(f).toMillis());
          }
        }
      }
    }
    assertThat(files).as("final partitions hold files").isNotEmpty();
    return files;
  }
}
