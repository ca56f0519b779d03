package io.cx.ingest;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The data-quality gate: a run whose rejected share exceeds the configured maximum is failed. */
public final class QualityGate {
  private QualityGate() {}

  /** @return why the run fails the gate, or empty when it passes */
  public static Optional<String> check(InputCounts total, double maxRejectedShare) {
    if (total.rowsRead() == 0 || total.rejectedShare() <= maxRejectedShare) {
      return Optional.empty();
    }
    String top = total.rejectsByReason().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    return Optional.of(String.format(java.util.Locale.ROOT,
        "%d of %d rows rejected (%.2f%%), more than the allowed %.2f%%; top reasons: %s",
        total.rowsRejected(), total.rowsRead(), 100.0 * total.rejectedShare(), 100.0 * maxRejectedShare, top));
  }
}
