package io.cx.report.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.EventContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CxConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheContractsDefaults() {
    CxConfig c = CxConfig.load(Optional.empty(), Map.of());
    assertThat(c.reportingTimeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(c.sourceTimeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(c.reportingCurrency()).isEqualTo("USD");
    assertThat(c.channels()).containsExactlyElementsOf(EventContract.DEFAULT_CHANNELS);
    assertThat(c.futureTolerance()).isEqualTo(Duration.ofDays(1));
    assertThat(c.lateLookbackDays()).isEqualTo(3);
    assertThat(c.maxRejectedShare()).isEqualTo(0.05);
    assertThat(c.csvMultiLine()).isTrue();
    assertThat(c.maxAmount()).isEqualByComparingTo("100000000");
    assertThat(c.earliestEventTime()).isEqualTo(java.time.Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(c.sessionGap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.journeyTimeout()).isEqualTo(Duration.ofDays(7));
    assertThat(c.returnWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(c.contactWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(c.churnWindow()).isEqualTo(Duration.ofDays(90));
    assertThat(c.goals()).isEmpty();
    assertThat(c.scratch()).isEqualTo("auto");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("runs-by-date.scratch", "disk")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("runs-by-date.scratch must be one of");
  }

  @Test
  void goalsAreParsedAndChecked() {
    CxConfig c = CxConfig.load(Optional.empty(), Map.of("scorecard.goals",
        "[{ kpi = resolution_seconds_avg, period = quarter, change = \"-20%\" }, { kpi = nps, period = quarter, change = \"+1\" }]"));
    assertThat(c.goals()).containsExactly(
        new io.cx.metrics.Goal("resolution_seconds_avg", "quarter", -0.2, true),
        new io.cx.metrics.Goal("nps", "quarter", 1.0, false));
    assertThat(c.goals().get(0).target(1000)).isEqualTo(800.0);
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("scorecard.goals", "[{ kpi = happiness, period = month, change = \"+1\" }]")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("unknown kpi 'happiness'");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("scorecard.goals", "[{ kpi = nps, period = year, change = \"+1\" }]")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("period 'year'");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("journeys.session-gap", "0 minutes")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("positive");
  }

  @Test
  void fileThenCommandLineOverride() throws Exception {
    Path file = dir.resolve("cx.conf");
    Files.writeString(file, "cx { reporting-time-zone = \"Europe/Paris\", ingest.max-rejected-share = 0.2 }");
    CxConfig c = CxConfig.load(Optional.of(file.toFile()),
        Map.of("ingest.max-rejected-share", "0.3", "cx.ingest.channels", "[web, kiosk]"));
    assertThat(c.reportingTimeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(c.maxRejectedShare()).isEqualTo(0.3);
    assertThat(c.channels()).containsExactly("web", "kiosk");
    assertThat(c.json()).contains("Europe/Paris");
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("ingest.colour", "red")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("unknown setting 'ingest.colour'");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("reporting-time-zone", "Mars/Olympus")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("Mars/Olympus");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("ingest.max-rejected-share", "2")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("ingest.future-tolerance", "soon")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("future-tolerance");
    assertThatThrownBy(() -> CxConfig.load(Optional.of(dir.resolve("missing.conf").toFile()), Map.of()))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("ingest.max-amount", "1e12")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("at most 1000000000.00");
    assertThatThrownBy(() -> CxConfig.load(Optional.empty(), Map.of("ingest.earliest-event-time", "long ago")))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("earliest-event-time");
  }

  @Test
  void aFileMayHoldOnlyKnownSettings() throws Exception {
    Path typo = dir.resolve("typo.conf");
    Files.writeString(typo, "cx { ingest { max-rejected-shares = 0.5 } }");
    assertThatThrownBy(() -> CxConfig.load(Optional.of(typo.toFile()), Map.of()))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("unknown setting 'cx.ingest.max-rejected-shares'");
    Path outside = dir.resolve("outside.conf");
    Files.writeString(outside, "reporting-time-zone = \"Europe/Paris\"");
    assertThatThrownBy(() -> CxConfig.load(Optional.of(outside.toFile()), Map.of()))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("unknown setting 'reporting-time-zone'");
    Path spark = dir.resolve("spark.conf");
    Files.writeString(spark, "spark.sql.shuffle.partitions = 8");
    assertThatThrownBy(() -> CxConfig.load(Optional.of(spark.toFile()), Map.of()))
        .isInstanceOf(CxConfig.ConfigError.class).hasMessageContaining("Spark setting").hasMessageContaining("--conf");
    Path goals = dir.resolve("goals.conf");
    Files.writeString(goals, "cx.scorecard.goals = [{ kpi = nps, period = quarter, change = \"+1\" }]");
    assertThat(CxConfig.load(Optional.of(goals.toFile()), Map.of()).goals()).hasSize(1);
  }
}
