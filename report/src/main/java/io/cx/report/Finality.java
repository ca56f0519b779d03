package io.cx.report;

import io.cx.transform.Horizon;
import io.cx.transform.Windows;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which partitions of each published table a run may rewrite: with the {@link Horizon} its
 * declaration names and the configured {@link Windows}, a run by date of logical date D (the first
 * date it loads) leaves every partition dated before {@code D - horizon} as it is.
 *
 * @param logicalDate the first date a run by date loads; empty for other runs (they may rewrite anything)
 */
public record Finality(Windows windows, Optional<LocalDate> logicalDate) {

  /** Every published table's horizon, in publishing order. */
  public static Map<String, Horizon> horizons() {
    Map<String, Horizon> h = new LinkedHashMap<>();
    DeclaredTables.ALL.forEach(t -> h.put(t.name(), t.horizon()));
    return h;
  }

  /** The first date whose partition of {@code table} the run may rewrite; empty when it may rewrite any. */
  Optional<LocalDate> firstOpen(String table) {
    Horizon h = horizons().get(table);
    return logicalDate.flatMap(d -> h == null ? Optional.empty() : h.firstOpen(d, windows));
  }

  /** A table's horizon as the manifest gives it. */
  public record TableHorizon(Long days, String formula, String firstOpenDate) {}

  /** Every table's horizon for the manifest, by table name. */
  Map<String, TableHorizon> describe() {
    Map<String, TableHorizon> m = new TreeMap<>();
    horizons().forEach((table, h) -> m.put(table, new TableHorizon(h.days(windows).orElse(null), h.formula(),
        firstOpen(table).map(LocalDate::toString).orElse(null))));
    return m;
  }

  /** The horizons as comment lines, for {@code cx config --show}. */
  public static String comments(Windows w) {
    StringBuilder b = new StringBuilder();
    b.append("# Restatement horizons, derived from the windows above (not settings): a run by date for\n")
        .append("# logical date D never rewrites a table's partitions dated before D minus its horizon.\n");
    horizons().forEach((table, h) -> b.append(String.format("#   %-38s %s%n", table,
        h.days(w).map(d -> d + " days = " + h.formula()).orElse(h.formula()))));
    return b.toString();
  }
}
