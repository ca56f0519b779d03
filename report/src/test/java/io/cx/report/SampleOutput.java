package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One published sample output shared by the end-to-end tests of the things that read an output
 * (the report page, cx sql, cx catalog), built once per test JVM: 300 generated customers over
 * 60 days (January and February 2026 complete), plus one survey answer whose touchpoint name is
 * an HTML injection attempt.
 */
public final class SampleOutput {
  public static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static Path output;

  private SampleOutput() {}

  /** The output root (built on first use). */
  public static synchronized Path get() {
    if (output == null) {
      try {
        output = build(Files.createTempDirectory("cx-sample-output"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return output;
  }

  private static Path build(Path dir) throws IOException {
    TestSpark.session();
    Path in = dir.resolve("in");
    assertThat(Main.execute("generate", "--output", in.toString(), "--customers", "300", "--days", "60", "--seed", "42"))
        .isZero();
    Files.writeString(in.resolve("hostile.jsonl"), "{\"event_id\":\"hostile-1\",\"event_time\":\"2026-02-10T10:00:00Z\","
        + "\"event_type\":\"survey\",\"channel\":\"app\",\"customer_id\":\"c-hostile\",\"touchpoint\":\""
        + HOSTILE + "\",\"survey_type\":\"nps\",\"score\":10}\n");
    Path out = dir.resolve("out");
    // The run also writes the report page (report.page is on by default).
    assertThat(Main.execute("run", "--input", in.toString(), "--output", out.toString(), "--as-of",
        "2026-03-02T00:00:00Z")).isZero();
    return out;
  }
}
