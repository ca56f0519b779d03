package io.cx.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import io.cx.report.page.PageModel.Cell;
import io.cx.report.page.PageModel.Chart;
import io.cx.report.page.PageModel.DataTable;
import io.cx.report.page.PageModel.Section;
import io.cx.report.page.PageModel.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Data quality of the last run, from its manifest: rows read, valid, rejected by reason, duplicates, late returns. */
final class QualitySection {
  private QualitySection() {}

  static Section of(JsonNode manifest) {
    String lead = "What the last run read and what it kept: rows rejected (with the reason) land in the "
        + "rejected_events table, duplicates are dropped, and returns or contacts that match no order are counted.";
    if (manifest == null) {
      return new Section("quality", "Data quality of the last run", lead,
          "This output has no run manifest (_manifests/latest.json).", List.of(), List.of(), List.of(), List.of());
    }
    List<List<Cell>> inputs = new ArrayList<>();
    List<JsonNode> all = new ArrayList<>();
    manifest.path("inputs").forEach(all::add);
    if (all.size() > 1 && manifest.has("total")) {
      all.add(manifest.get("total"));
    }
    for (JsonNode in : all) {
      double read = in.path("rows_read").asDouble();
      double rejected = in.path("rows_rejected").asDouble();
      inputs.add(List.of(Cell.text(in.path("input").asText()), Cell.text(in.path("format").asText()),
          Cell.number(Fmt.COUNT.text(read)), Cell.number(Fmt.COUNT.text(in.path("rows_valid").asDouble())),
          Cell.number(Fmt.COUNT.text(rejected)), Cell.number(Fmt.PERCENT.text(Sums.ratio(rejected, read)),
              PageBuilder.ratioText(rejected, read) + " rows"),
          Cell.number(Fmt.COUNT.text(in.path("rows_duplicate").asDouble()))));
    }
    DataTable inputTable = new DataTable("quality-inputs", "Rows of each input", List.of("Input", "Format", "Read",
        "Valid", "Rejected", "Rejected share", "Duplicates"), inputs, false);

    List<Map.Entry<String, JsonNode>> reasons = new ArrayList<>();
    manifest.path("total").path("rejects_by_reason").fields().forEachRemaining(reasons::add);
    reasons.sort(Comparator.comparingDouble((Map.Entry<String, JsonNode> e) -> -e.getValue().asDouble())
        .thenComparing(Map.Entry::getKey));
    List<Chart> charts = new ArrayList<>();
    List<DataTable> tables = new ArrayList<>(List.of(inputTable));
    if (!reasons.isEmpty()) {
      List<String> names = reasons.stream().map(Map.Entry::getKey).toList();
      List<Double> counts = reasons.stream().map(e -> e.getValue().asDouble()).toList();
      charts.add(new Chart("quality-reasons", "hbar", "Rejected rows by reason", Fmt.COUNT.script, names,
          List.of(new Series("Rejected rows", counts, null, null))));
      tables.add(new DataTable("quality-reasons-table", "Rejected rows by reason", List.of("Reason", "Rows"),
          reasons.stream().map(e -> List.of(Cell.text(e.getKey()), Cell.number(Fmt.COUNT.text(e.getValue().asDouble()))))
              .toList(), false));
    }
    List<List<Cell>> linkage = new ArrayList<>();
    long lateReturns = 0;
    for (JsonNode l : manifest.path("order_linkage")) {
      String type = l.path("event_type").asText();
      String status = l.path("status").asText();
      if ("return".equals(type) && "outside_window".equals(status)) {
        lateReturns += l.path("events").asLong();
      }
      linkage.add(List.of(Cell.text(type), Cell.text(status.replace('_', ' ')),
          Cell.number(Fmt.COUNT.text(l.path("events").asDouble())),
          Cell.number(l.hasNonNull("amount") ? Fmt.MONEY.text(l.get("amount").asDouble()) : "–")));
    }
    if (!linkage.isEmpty()) {
      tables.add(new DataTable("quality-linkage", "Returns, contacts and surveys naming an order",
          List.of("Event type", "Order", "Events", "Amount"), linkage, false));
    }
    JsonNode total = manifest.path("total");
    String summary = String.format(java.util.Locale.ROOT,
        "Run %s (%s, %s): %s rows read, %s valid, %s rejected, %s duplicates; %s late returns (after the return "
            + "window).", manifest.path("run_id").asText(), manifest.path("command").asText(),
        manifest.path("status").asText(), Fmt.COUNT.text(total.path("rows_read").asDouble()),
        Fmt.COUNT.text(total.path("rows_valid").asDouble()), Fmt.COUNT.text(total.path("rows_rejected").asDouble()),
        Fmt.COUNT.text(total.path("rows_duplicate").asDouble()), Fmt.COUNT.text((double) lateReturns));
    return new Section("quality", "Data quality of the last run", lead, null, List.of(), charts, tables,
        List.of(summary));
  }
}
