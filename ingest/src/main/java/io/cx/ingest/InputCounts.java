package io.cx.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one input contributed: {@code rowsRead = rowsValid + rowsRejected + rowsDuplicate}.
 *
 * @param sourceRecords records read before a mapping (equal to rowsRead without one; a mapping may
 *     filter or aggregate records, which is its author's choice and shows here)
 */
public record InputCounts(
    String input,
    String format,
    long sourceRecords,
    long rowsRead,
    long rowsValid,
    long rowsRejected,
    long rowsDuplicate,
    Map<String, Long> rejectsByReason) {

  public InputCounts {
    rejectsByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(rejectsByReason));
  }

  public boolean reconciles() {
    return rowsRead == rowsValid + rowsRejected + rowsDuplicate
        && rowsRejected == rejectsByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The sum of several inputs' counts, named {@code name}. */
  public static InputCounts total(String name, Iterable<InputCounts> parts) {
    long source = 0, read = 0, valid = 0, rejected = 0, duplicate = 0;
    Map<String, Long> reasons = new TreeMap<>();
    for (InputCounts c : parts) {
      source += c.sourceRecords;
      read += c.rowsRead;
      valid += c.rowsValid;
      rejected += c.rowsRejected;
      duplicate += c.rowsDuplicate;
      c.rejectsByReason.forEach((k, v) -> reasons.merge(k, v, Long::sum));
    }
    return new InputCounts(name, "", source, read, valid, rejected, duplicate, reasons);
  }

  /** The same counts under another name (a path with its credentials masked, for example). */
  public InputCounts named(String name) {
    return new InputCounts(name, format, sourceRecords, rowsRead, rowsValid, rowsRejected, rowsDuplicate,
        rejectsByReason);
  }

  public double rejectedShare() {
    return rowsRead == 0 ? 0.0 : (double) rowsRejected / rowsRead;
  }
}
