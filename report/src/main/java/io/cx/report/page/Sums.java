package io.cx.report.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The additive columns of KPI rows summed per key (channel, touchpoint...): how a period's numbers
 * come from its days, by re-aggregating numerators and denominators, never by averaging rates.
 */
final class Sums {
  private final Map<String, Map<String, Double>> byKey = new LinkedHashMap<>();

  private Sums() {}

  static Sums of(List<PageRow> rows, Function<PageRow, String> key, String... columns) {
    Sums s = new Sums();
    for (PageRow r : rows) {
      Map<String, Double> m = s.byKey.computeIfAbsent(String.valueOf(key.apply(r)), k -> new LinkedHashMap<>());
      for (String c : columns) {
        m.merge(c, r.sum(c), Double::sum);
      }
    }
    return s;
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  double get(String key, String column) {
    Map<String, Double> m = byKey.get(key);
    return m == null ? 0 : m.getOrDefault(column, 0.0);
  }

  boolean has(String key) {
    return byKey.containsKey(key);
  }

  /** The keys, largest {@code column} first, ties by name: the order of bars and table rows. */
  List<String> keysBy(String column) {
    List<String> keys = new ArrayList<>(byKey.keySet());
    keys.sort(Comparator.comparingDouble((String k) -> -get(k, column)).thenComparing(Comparator.naturalOrder()));
    return keys;
  }

  /** The total of a column over every key. */
  double total(String column) {
    return byKey.values().stream().mapToDouble(m -> m.getOrDefault(column, 0.0)).sum();
  }

  /** numerator / denominator, null when the denominator is 0 (the contract's rule for rates). */
  static Double ratio(double numerator, double denominator) {
    return denominator == 0 ? null : numerator / denominator;
  }
}
