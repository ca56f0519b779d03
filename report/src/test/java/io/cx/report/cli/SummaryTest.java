package io.cx.report.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.report.Headline;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void aDurationRowUsesOneUnitForAllItsValues() {
    // 4,059 s this month against 3,530 s the month before: both in hours, not "1.1 h" next to "3530 s".
    String row = Summary.headlineRow(new Headline("wait_seconds_avg", "2026-02", 4059.0, 3530.0, 529.0, null, null));
    assertThat(row).contains("1.1 h", "1.0 h", "+0.1 h").doesNotContain(" s");
  }

  @Test
  void shortDurationsStayInSeconds() {
    String row = Summary.headlineRow(new Headline("wait_seconds_avg", "2026-02", 95.0, 120.0, -25.0, 60.0, false));
    assertThat(row).contains("95 s", "120 s", "-25 s", "goal 60 s off track");
  }

  @Test
  void ratesShowAsPercentagesAndTheirChangeInPoints() {
    String row = Summary.headlineRow(new Headline("conversion_rate", "2026-02", 0.543, 0.44, 0.103, null, null));
    assertThat(row).contains("54.3%", "44.0%", "+10.3 pt");
  }
}
