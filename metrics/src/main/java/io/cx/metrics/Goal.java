package io.cx.metrics;

import java.util.Locale;

/**
 * A SMART goal on a scorecard KPI: "{@code kpi} {@code change} per {@code period} versus the
 * previous period", e.g. resolution_seconds_avg -20% per quarter, or nps +1 (point) per quarter.
 *
 * @param change the wanted change: a fraction of the baseline when {@code relative}, else points
 */
public record Goal(String kpi, String period, double change, boolean relative) {

  public Goal {
    if (!Scorecard.PERIODS.contains(period)) {
      throw new IllegalArgumentException("goal period '" + period + "' is not one of " + Scorecard.PERIODS);
    }
    if (change == 0) {
      throw new IllegalArgumentException("goal on " + kpi + " asks for no change");
    }
  }

  /** Parses "-20%" (relative) or "+1" (points). */
  public static Goal parse(String kpi, String period, String change) {
    String c = change.trim();
    try {
      if (c.endsWith("%")) {
        return new Goal(kpi, period.toLowerCase(Locale.ROOT), Double.parseDouble(c.substring(0, c.length() - 1)) / 100, true);
      }
      return new Goal(kpi, period.toLowerCase(Locale.ROOT), Double.parseDouble(c), false);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("goal change '" + change + "' is neither a percentage (-20%) nor points (+1)");
    }
  }

  public double target(double baseline) {
    return relative ? baseline * (1 + change) : baseline + change;
  }
}
