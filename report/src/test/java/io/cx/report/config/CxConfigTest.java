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
    assertThat(c.csvMultiLine()).isFalse();
    assertThat(c.sessionGap()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.journeyTimeout()).isEqualTo(Duration.ofDays(7));
    assertThat(c.returnWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(c.contactWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(c.churnWindow()).isEqualTo(Duration.ofDays(90));
    assertThat(c.goals()).isEmpty();
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
  }
}
