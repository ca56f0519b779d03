package io.cx.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.report.Duck;
import io.cx.report.ExitCodes;
import io.cx.report.publish.OutputRoot;
import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real driver while it stages its tables: the published output stays exactly
 * as it was (files, marker, manifest), and the next run drops the leftovers and publishes what an
 * uninterrupted run publishes. A second run started meanwhile is refused by the output's lock, and
 * the killed driver's lock is taken over. (A kill between the renames of a publish is covered rename by
 * rename in PublisherTest.)
 */
class KilledRunIT {
  @TempDir static Path work;

  @Test
  void aDriverKilledWhileStagingLeavesThePublishedOutputAsItWas() throws Exception {
    ChildJvm jvm = new ChildJvm(work);
    TestSpark.session();
    Path input = work.resolve("sample");
    assertThat(Main.execute("generate", "--output", input.toString(), "--customers", "60", "--days", "20",
        "--seed", "9")).isZero();
    Path out = work.resolve("out");
    String[] run = {"run", "--input", input.toString(), "--output", out.toString(), "--as-of", "2026-01-21"};
    assertThat(Main.execute(run)).isZero();
    Map<String, Long> before = files(out);
    String marker = Files.readString(out.resolve("_SUCCESS"));

    List<String> child = new ArrayList<>(List.of("io.cx.report.cli.Main"));
    child.addAll(List.of(run));
    child.addAll(List.of("--set", "journeys.journey-timeout=6 days"));
    Process driver = jvm.start("killed", child, ChildJvm.cxJar().toString());
    awaitStaged(out, "journeys", Duration.ofMinutes(3), driver, jvm);
    // A second run on the same output while the first stages: refused, and the first's staging is not touched.
    assertThat(Main.execute(run)).as("a second run while the first holds the lock").isEqualTo(ExitCodes.OUTPUT_LOCKED);
    assertThat(driver.isAlive()).isTrue();
    driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    assertThat(files(out)).as("published files untouched").isEqualTo(before);
    assertThat(Files.readString(out.resolve("_SUCCESS"))).isEqualTo(marker);
    assertThat(out.resolve("_staging")).exists();
    assertThat(out.resolve(OutputRoot.LOCK)).as("the killed driver's lock").exists();

    // The lock of a process that is gone is taken over; the leftovers are dropped.
    assertThat(Main.execute(run)).isZero();
    assertThat(out.resolve("_staging")).doesNotExist();
    assertThat(out.resolve(OutputRoot.LOCK)).doesNotExist();
    Path clean = work.resolve("clean");
    String[] uninterrupted = run.clone();
    uninterrupted[4] = clean.toString();
    assertThat(Main.execute(uninterrupted)).isZero();
    Duck.assertSameTables(clean, out);
  }

  /** Waits until the driver has staged the given table (it is then writing the next ones). */
  static void awaitStaged(Path out, String table, Duration timeout, Process driver, ChildJvm jvm) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(driver.isAlive()).as("driver still running\n" + jvm.tail("killed")).isTrue();
      Path staging = out.resolve("_staging");
      if (Files.isDirectory(staging)) {
        try (Stream<Path> runs = Files.list(staging)) {
          if (runs.anyMatch(r -> Files.isDirectory(r.resolve(table)))) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the driver did not stage " + table + " within " + timeout);
  }

  /** Every visible file of the output with its size (plus the manifest files). */
  static Map<String, Long> files(Path out) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(out)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String rel = out.relativize(p).toString();
        if (!rel.startsWith("_staging") && !rel.equals(OutputRoot.LOCK)) {
          files.put(rel, Files.size(p));
        }
      }
    }
    return files;
  }
}
