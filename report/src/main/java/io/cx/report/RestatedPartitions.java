package io.cx.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A short text of the partitions a run by date restated, for the log and the summary. */
final class RestatedPartitions {
  private RestatedPartitions() {}

  static String describe(Map<String, List<String>> restated) {
    String text = restated.entrySet().stream().filter(e -> !e.getValue().isEmpty())
        .map(e -> e.getKey() + " " + range(e.getValue())).collect(Collectors.joining(", "));
    return text.isEmpty() ? "none" : text;
  }

  private static String range(List<String> values) {
    return values.size() == 1 ? values.get(0)
        : values.size() + " (" + values.get(0) + " .. " + values.get(values.size() - 1) + ")";
  }
}
