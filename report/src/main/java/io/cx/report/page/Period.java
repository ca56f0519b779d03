package io.cx.report.page;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** A period of the scorecard's grain: its first and last day, both included. */
record Period(String grain, LocalDate start, LocalDate end) {

  boolean contains(LocalDate d) {
    return d != null && !d.isBefore(start) && !d.isAfter(end);
  }

  /** The period's name as people say it: "February 2026", "2026 Q1", "week of 23 Feb 2026". */
  String label() {
    return switch (grain) {
      case "month" -> start.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + start.getYear();
      case "quarter" -> start.getYear() + " Q" + start.get(IsoFields.QUARTER_OF_YEAR);
      case "week" -> "week of " + day(start);
      default -> day(start) + (start.equals(end) ? "" : " to " + day(end));
    };
  }

  /** A short name for chart axes: "Feb 2026", "2026 Q1", "23 Feb". */
  String shortLabel() {
    return switch (grain) {
      case "month" -> start.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + start.getYear();
      case "quarter" -> label();
      default -> start.getDayOfMonth() + " " + start.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    };
  }

  static String day(LocalDate d) {
    return d.getDayOfMonth() + " " + d.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + d.getYear();
  }
}
