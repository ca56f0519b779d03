package io.cx.report.page;

import static io.cx.report.page.Sums.ratio;

import io.cx.metrics.CartAbandonment;
import io.cx.metrics.JourneyConversion;
import io.cx.metrics.KpiTables;
import io.cx.metrics.PagesBeforePurchase;
import io.cx.metrics.RepeatPurchase;
import io.cx.metrics.Returns;
import io.cx.metrics.ServiceContacts;
import io.cx.report.page.PageModel.Cell;
import io.cx.report.page.PageModel.Chart;
import io.cx.report.page.PageModel.DataTable;
import io.cx.report.page.PageModel.Section;
import io.cx.report.page.PageModel.Series;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The pieces the KPI sections are built of: the total row, rate and count cells with their
 * numerators and denominators, bar charts of rates, and the per-day charts and tables of the
 * percentiles.
 */
final class SectionParts {
  static final String ALL = "All channels";

  private SectionParts() {}

  /** The rows of a KPI table dated in a period. */
  static List<PageRow> rowsIn(Function<String, List<PageRow>> tables, String table, Period p) {
    return tables.apply(table).stream().filter(r -> p.contains(r.date(KpiTables.DATE))).toList();
  }

  static Section empty(String id, String title, String lead, String sentence) {
    return new Section(id, title, lead, sentence, List.of(), List.of(), List.of(), List.of());
  }

  static List<String> withTotal(List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    if (keys.size() > 1) {
      out.add(ALL);
    }
    return out;
  }

  /** A column's sum for a key, or over every key for {@link #ALL}. */
  static double value(Sums s, String key, String column) {
    return ALL.equals(key) ? s.total(column) : s.get(key, column);
  }

  static Cell count(Sums s, String key, String column) {
    return Cell.number(Fmt.COUNT.text(value(s, key, column)));
  }

  static Cell rate(Sums s, String key, String numerator, String denominator, Fmt f, double scale) {
    if (!ALL.equals(key) && !s.has(key)) {
      return Cell.number("–", "no data");
    }
    double n = value(s, key, numerator);
    double d = value(s, key, denominator);
    String noun = NOUNS.getOrDefault(denominator, denominator.replace('_', ' '));
    String title = f == Fmt.SECONDS ? "over " + Fmt.COUNT.text(d) + " " + noun : ratioTitle(n, d, noun);
    return Cell.number(f.text(ratio(n * scale, d)), title);
  }

  /** What a denominator counts, for the hover text of a rate. */
  static final Map<String, String> NOUNS = Map.ofEntries(
      Map.entry(CartAbandonment.CART_SESSIONS, "sessions with a cart"),
      Map.entry(PagesBeforePurchase.PURCHASES, "purchases"),
      Map.entry(Returns.ORDERS, "orders"),
      Map.entry(Returns.REVENUE, "revenue"),
      Map.entry(ServiceContacts.WAIT_SECONDS_COUNT, "contacts with a wait"),
      Map.entry(ServiceContacts.HANDLE_SECONDS_COUNT, "handled contacts"),
      Map.entry(ServiceContacts.CASES_OPENED, "cases opened"),
      Map.entry(ServiceContacts.CASES_RESOLVED, "resolved cases"),
      Map.entry(RepeatPurchase.REPEAT_ORDERS, "repeat orders"),
      Map.entry(JourneyConversion.CLOSED_JOURNEYS, "closed journeys"));

  static String ratioTitle(double numerator, double denominator, String of) {
    return PageBuilder.ratioText(numerator, denominator) + " " + of;
  }

  static Chart rateBar(String id, String title, Fmt f, List<String> keys, Sums s, String numerator,
      String denominator, double scale) {
    List<Double> num = keys.stream().map(k -> s.get(k, numerator)).toList();
    List<Double> den = keys.stream().map(k -> s.get(k, denominator)).toList();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      values.add(ratio(num.get(i) * scale, den.get(i)));
    }
    return new Chart(id, "bar", title, f.script, keys, List.of(new Series(title, values, num, den)));
  }

  static Series counts(String name, List<String> keys, Sums s, String column) {
    return new Series(name, keys.stream().map(k -> s.get(k, column)).toList(), null, null);
  }

  /** A line per key over the period's days that have rows: for the per-day percentiles. */
  static Chart daily(String id, String title, Fmt f, List<PageRow> rows, Function<PageRow, String> key,
      String column) {
    TreeSet<LocalDate> days = new TreeSet<>();
    Map<String, Map<LocalDate, Double>> byKey = new TreeMap<>();
    for (PageRow r : rows) {
      LocalDate d = r.date(KpiTables.DATE);
      days.add(d);
      byKey.computeIfAbsent(key.apply(r), k -> new TreeMap<>()).putIfAbsent(d, r.number(column));
    }
    List<String> labels = days.stream().map(d -> d.toString()).toList();
    List<Series> series = new ArrayList<>();
    byKey.forEach((k, m) -> series.add(new Series(k, days.stream().map(m::get).toList(), null, null)));
    return new Chart(id, "line", title, f.script, labels, series);
  }

  static DataTable dailyTable(String id, String caption, List<PageRow> rows, Function<PageRow, String> key,
      String volume, String volumeLabel, String p50, String p90, Fmt f) {
    List<PageRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((PageRow r) -> r.date(KpiTables.DATE)).thenComparing(key::apply));
    List<List<Cell>> out = new ArrayList<>();
    for (PageRow r : sorted) {
      List<Cell> line = new ArrayList<>(List.of(Cell.text(r.date(KpiTables.DATE).toString()), Cell.text(key.apply(r)),
          Cell.number(Fmt.COUNT.text(r.number(volume))), Cell.number(f.text(r.number(p50)))));
      if (p90 != null) {
        line.add(Cell.number(f.text(r.number(p90))));
      }
      out.add(line);
    }
    List<String> columns = p90 == null ? List.of("Date", "Channel · touchpoint", volumeLabel, "90th percentile")
        : List.of("Date", "Channel", volumeLabel, "Median", "90th percentile");
    return new DataTable(id, caption, columns, out, true);
  }

  static String percentileNote() {
    return "Medians and 90th percentiles are exact for each day, as published; a period's percentile cannot be "
        + "made from its days' percentiles, so the page shows them day by day.";
  }
}
