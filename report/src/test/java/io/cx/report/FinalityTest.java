package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.report.config.CxConfig;
import io.cx.transform.Horizon;
import io.cx.transform.Windows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinalityTest {
  static final Windows DEFAULTS = CxConfig.load(Optional.empty(), Map.of()).windows();

  @Test
  void theHorizonsOfTheDefaultWindows() {
    Finality f = new Finality(DEFAULTS, Optional.of(LocalDate.parse("2026-06-30")));
    assertThat(f.firstOpen("events")).contains(LocalDate.parse("2026-05-28"));
    assertThat(f.firstOpen("sessions")).contains(LocalDate.parse("2026-05-27"));
    assertThat(f.firstOpen("journeys")).contains(LocalDate.parse("2026-04-21"));
    assertThat(f.firstOpen("kpi_cart_abandonment")).isEqualTo(f.firstOpen("journeys"));
    assertThat(f.firstOpen("kpi_returns")).isEqualTo(f.firstOpen("orders")).contains(LocalDate.parse("2026-05-28"));
    // Monthly rows: the month of the orders' first open date (05-28) stays open whole.
    assertThat(f.firstOpen("kpi_segments")).isEqualTo(f.firstOpen("kpi_lifecycle"))
        .contains(LocalDate.parse("2026-05-01"));
    assertThat(f.firstOpen("customers")).isEmpty();
    // The longest horizon (journeys, 04-21), back to the first day of its quarter.
    assertThat(f.firstOpen("cx_scorecard")).contains(LocalDate.parse("2026-04-01"));
    assertThat(new Finality(DEFAULTS, Optional.empty()).firstOpen("events")).as("not a run by date").isEmpty();
  }

  @Test
  void aHorizonRoundsUpToWholeDaysAndTakesTheLongestOrderWindow() {
    Windows w = new Windows(java.time.Duration.ofDays(1), java.time.Duration.ofHours(12), java.time.Duration.ofDays(2),
        java.time.Duration.ofDays(1), java.time.Duration.ofDays(5), java.time.Duration.ofDays(3),
        java.time.Duration.ofDays(4));
    assertThat(Horizon.EVENTS.days(w)).contains(2L);
    assertThat(Horizon.ORDERS.days(w)).contains(6L);
    assertThat(Horizon.JOURNEYS.days(w)).contains(5L);
  }

  @Test
  void theDataDictionaryGivesEveryTablesFormula() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "data-dictionary.md"));
    Finality.horizons().forEach((table, h) -> {
      String formula = h.formula().replaceFirst("^none: ", "");
      assertThat(lines).as("a row of the horizons table names %s with its formula", table)
          .anyMatch(l -> l.startsWith("|") && l.contains("`" + table + "`") && l.contains(formula));
    });
  }
}
