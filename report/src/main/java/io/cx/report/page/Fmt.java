package io.cx.report.page;

import java.util.Locale;

/**
 * How the page writes a number. The chart script formats its axes and tooltips the same way
 * (the {@code format} names below are shared with it).
 */
enum Fmt {
  /** A share given as a fraction (0.57), written as a percentage (57.0%). */
  PERCENT("percent"),
  /** A score already on a 0-100 scale (CSAT), written with a % sign. */
  SCORE_PERCENT("score_percent"),
  /** NPS points, -100 to 100, with a sign. */
  POINTS("points"),
  /** An average score or count, two decimals. */
  DECIMAL("decimal"),
  /** A duration in seconds, written in the unit that reads best (s, min, h, days). */
  SECONDS("seconds"),
  /** A count, with thousands separators. */
  COUNT("count"),
  /** An amount of money, two decimals. */
  MONEY("money");

  final String script;

  Fmt(String script) {
    this.script = script;
  }

  /** The number as the page shows it; "–" for a missing value (a rate with no denominator). */
  String text(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    double x = v;
    return switch (this) {
      case PERCENT -> String.format(Locale.ROOT, "%.1f%%", x * 100);
      case SCORE_PERCENT -> String.format(Locale.ROOT, "%.1f%%", x);
      case POINTS -> String.format(Locale.ROOT, "%+.1f", x);
      case DECIMAL -> String.format(Locale.ROOT, "%.2f", x);
      case SECONDS -> duration(x);
      case COUNT -> String.format(Locale.ROOT, "%,.0f", x);
      case MONEY -> String.format(Locale.ROOT, "%,.2f", x);
    };
  }

  /** A change between two values of this format: points of a percentage, or a signed difference. */
  String change(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    double x = v;
    return switch (this) {
      case PERCENT -> String.format(Locale.ROOT, "%+.1f pp", x * 100);
      case SCORE_PERCENT -> String.format(Locale.ROOT, "%+.1f pp", x);
      case POINTS -> String.format(Locale.ROOT, "%+.1f", x);
      case DECIMAL -> String.format(Locale.ROOT, "%+.2f", x);
      case SECONDS -> (x < 0 ? "−" : "+") + duration(Math.abs(x));
      case COUNT -> String.format(Locale.ROOT, "%+,.0f", x);
      case MONEY -> String.format(Locale.ROOT, "%+,.2f", x);
    };
  }

  static String duration(double seconds) {
    double s = Math.abs(seconds);
    String sign = seconds < 0 ? "−" : "";
    if (s < 120) {
      return sign + String.format(Locale.ROOT, "%.0f s", s);
    }
    if (s < 2 * 3600) {
      return sign + String.format(Locale.ROOT, "%.1f min", s / 60);
    }
    if (s < 48 * 3600) {
      return sign + String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
    return sign + String.format(Locale.ROOT, "%.1f days", s / 86400);
  }

  /** The format of a scorecard KPI, from the naming rules of the contract. */
  static Fmt ofKpi(String kpi) {
    if (kpi.equals("nps") || kpi.equals("net_social_sentiment")) {
      return POINTS;
    }
    if (kpi.equals("csat")) {
      return SCORE_PERCENT;
    }
    if (kpi.endsWith("_seconds_avg")) {
      return SECONDS;
    }
    if (kpi.endsWith("_rate") || kpi.endsWith("_share")) {
      return PERCENT;
    }
    return DECIMAL;
  }
}
