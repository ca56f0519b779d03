package io.cx.report.cli;

import io.cx.ingest.InputCounts;
import io.cx.report.Headline;
import io.cx.report.Linkage;
import io.cx.report.RunManifest;
import io.cx.report.publish.TableStats;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The few lines a person reads after a run: what was read, rejected, written, and where. */
final class Summary {
  private Summary() {}

  static String of(RunManifest m) {
    StringBuilder sb = new StringBuilder();
    double total = java.time.Duration.between(java.time.Instant.parse(m.startedAt()),
        java.time.Instant.parse(m.finishedAt())).toMillis() / 1000.0;
    sb.append(String.format(Locale.ROOT, "%nrun %s %s (as of %s, %.1f s)%n", m.runId(), m.status(), m.asOf(), total));
    sb.append(String.format(Locale.ROOT, "%-44s %-8s %12s %12s %10s %10s%n",
        "input", "format", "read", "valid", "rejected", "duplicate"));
    for (InputCounts c : m.inputs()) {
      sb.append(row(shorten(c.input()), c));
    }
    if (m.inputs().size() > 1) {
      sb.append(row("total", m.total()));
    }
    if (!m.total().rejectsByReason().isEmpty()) {
      sb.append("rejected by reason: ").append(m.total().rejectsByReason().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .map(e -> e.getKey() + " " + n(e.getValue())).collect(Collectors.joining(", "))).append('\n');
    }
    if (!m.message().isEmpty()) {
      sb.append(m.message()).append('\n');
    }
    if (!m.tables().isEmpty()) {
      sb.append("tables under ").append(m.output()).append(":\n");
      m.tables().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        TableStats t = e.getValue();
        sb.append(String.format(Locale.ROOT, "  %-36s %12s rows %6d partitions %6d files%n",
            e.getKey(), n(t.rows()), t.partitions().size(), t.files()));
      });
    }
    if (!m.headline().isEmpty()) {
      sb.append(String.format(Locale.ROOT, "headline KPIs, %s vs the month before:%n", m.headline().get(0).month()));
      for (Headline h : m.headline()) {
        sb.append(headlineRow(h));
      }
    }
    for (Linkage l : m.orderLinkage()) {
      if (!l.status().equals("linked")) {
        sb.append(String.format(Locale.ROOT, "note: %s %s event(s) %s%n", n(l.events()), l.eventType(),
            l.status().equals("no_such_order") ? "name an order that is not in the data" : "fall outside their window"));
      }
    }
    sb.append("manifest: ").append(m.output()).append("/_manifests/").append(m.runId()).append(".json\n");
    return sb.toString();
  }

  private static String row(String name, InputCounts c) {
    return String.format(Locale.ROOT, "%-44s %-8s %12s %12s %10s %10s%n",
        name, c.format(), n(c.rowsRead()), n(c.rowsValid()), n(c.rowsRejected()), n(c.rowsDuplicate()));
  }

  /**
   * One headline KPI: this month, the month before, the change and the goal. A duration row shows
   * all its values in one unit, hours when any of them reaches an hour, so they compare at a glance.
   */
  static String headlineRow(Headline h) {
    boolean hours = h.kpi().contains("seconds") && java.util.stream.Stream.of(h.value(), h.previousValue(), h.target())
        .anyMatch(x -> x != null && Math.abs(x) >= 3600);
    return String.format(Locale.ROOT, "  %-24s %12s %12s %10s%s%n", h.kpi(), v(h.kpi(), h.value(), hours),
        v(h.kpi(), h.previousValue(), hours), change(h, hours), h.target() == null ? ""
            : "  goal " + v(h.kpi(), h.target(), hours) + (Boolean.TRUE.equals(h.onTrack()) ? " on track" : " off track"));
  }

  /** Rates as percentages, seconds as durations (in hours or seconds), scores as they are. */
  private static String v(String kpi, Double value, boolean hours) {
    if (value == null) {
      return "-";
    }
    if (kpi.endsWith("_rate") || kpi.endsWith("_share")) {
      return String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
    if (kpi.contains("seconds")) {
      return hours ? String.format(Locale.ROOT, "%.1f h", value / 3600) : String.format(Locale.ROOT, "%.0f s", value);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String change(Headline h, boolean hours) {
    if (h.change() == null) {
      return "";
    }
    if (h.kpi().endsWith("_rate") || h.kpi().endsWith("_share")) {
      return String.format(Locale.ROOT, "%+.1f pt", 100 * h.change());
    }
    return (h.change() >= 0 ? "+" : "-") + v(h.kpi(), Math.abs(h.change()), hours);
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String shorten(String s) {
    return s.length() <= 44 ? s : "..." + s.substring(s.length() - 41);
  }
}
