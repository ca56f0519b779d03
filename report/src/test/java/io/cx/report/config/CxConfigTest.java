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
    assertThat(c.maxRejectedShare()).isEqualTo(0.05);
    assertThat(c.csvMultiLine()).isFalse();
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
