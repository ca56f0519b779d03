package io.cx.report.page;

import static io.cx.report.page.SectionParts.count;
import static io.cx.report.page.SectionParts.empty;
import static io.cx.report.page.SectionParts.rate;
import static io.cx.report.page.SectionParts.rateBar;
import static io.cx.report.page.SectionParts.value;
import static io.cx.report.page.Sums.ratio;

import io.cx.metrics.KpiTables;
import io.cx.metrics.Lifecycle;
import io.cx.metrics.Segments;
import io.cx.report.page.PageModel.Cell;
import io.cx.report.page.PageModel.Chart;
import io.cx.report.page.PageModel.DataTable;
import io.cx.report.page.PageModel.Section;
import io.cx.report.page.PageModel.Series;
import io.cx.transform.Rfm;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The sections on who the customers are and where they stand: segments and lifecycle stages.
 * Both tables hold one row set per month, as of its end, so the page shows the month the period
 * ends in.
 */
final class CustomerSections {
  private static final int TREND_MONTHS = 12;

  private final Function<String, List<PageRow>> tables;
  private final LocalDate month;
  private final String monthLabel;

  CustomerSections(Function<String, List<PageRow>> tables, Period current) {
    this.tables = tables;
    this.month = current.end().withDayOfMonth(1);
    this.monthLabel = month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
  }

  private List<PageRow> ofMonth(String table) {
    return tables.apply(table).stream().filter(r -> month.equals(r.date(KpiTables.DATE))).toList();
  }

  Section segments() {
    String title = "Customer segments";
    String lead = "Customers with an order by the end of " + monthLabel + ", grouped by their RFM segment and by "
        + "each customer attribute of the run, with what they did that month.";
    List<PageRow> rows = ofMonth(KpiTables.SEGMENTS);
    if (rows.isEmpty()) {
      return empty("segments", title, lead, "No customers with an order by the end of " + monthLabel + ".");
    }
    String[] cols = {Segments.CUSTOMERS, Segments.ORDERS, Segments.RETURNED_ORDERS, Segments.ORDERS_WITH_CONTACT,
        Segments.RESPONSES, Segments.PROMOTERS, Segments.DETRACTORS, Segments.CHURNED};
    List<String> kinds = rows.stream().map(r -> r.text(Segments.SEGMENT_KIND)).distinct()
        .sorted(Comparator.comparing((String k) -> !k.equals(Segments.RFM)).thenComparing(Comparator.naturalOrder()))
        .toList();
    List<Chart> charts = new ArrayList<>();
    List<DataTable> out = new ArrayList<>();
    for (String kind : kinds) {
      Sums s = Sums.of(rows.stream().filter(r -> kind.equals(r.text(Segments.SEGMENT_KIND))).toList(),
          r -> r.text(Segments.SEGMENT), cols);
      List<String> keys = s.keysBy(Segments.CUSTOMERS);
      if (kind.equals(Segments.RFM)) {
        keys = new ArrayList<>(Rfm.SEGMENTS.stream().filter(s::has).toList());
        Chart churn = rateBar("segments-churn", "Churn rate by RFM segment", Fmt.PERCENT, keys, s, Segments.CHURNED,
            Segments.CUSTOMERS, 1);
        // Horizontal, so that every segment's name fits.
        charts.add(new Chart(churn.id(), "hbar", churn.title(), churn.format(), churn.labels(), churn.series()));
      } else if (charts.size() < 2) {
        charts.add(npsBar("segments-nps-" + kind, "NPS by " + kind, keys, s));
      }
      List<List<Cell>> table = new ArrayList<>();
      for (String k : keys) {
        table.add(List.of(Cell.text(k), count(s, k, Segments.CUSTOMERS), count(s, k, Segments.ORDERS),
            rate(s, k, Segments.RETURNED_ORDERS, Segments.ORDERS, Fmt.PERCENT, 1),
            rate(s, k, Segments.ORDERS_WITH_CONTACT, Segments.ORDERS, Fmt.PERCENT, 1), nps(s, k),
            rate(s, k, Segments.CHURNED, Segments.CUSTOMERS, Fmt.PERCENT, 1)));
      }
      out.add(new DataTable("segments-" + kind, "By " + (kind.equals(Segments.RFM) ? "RFM segment" : kind) + ", "
          + monthLabel, List.of(kind.equals(Segments.RFM) ? "RFM segment" : kind, "Customers", "Orders",
          "Return rate", "Contact rate", "NPS", "Churn rate"), table, false));
    }
    return new Section("segments", title, lead, null, List.of(), charts, out, List.of(
        "RFM scores customers 1-5 on recency, frequency and money by fifths of all customers with an order; the "
            + "data dictionary lists which scores make which segment. Orders, returns, contacts and NPS answers "
            + "are those of " + monthLabel + "; churned customers have no order within the churn window."));
  }

  private static Chart npsBar(String id, String title, List<String> keys, Sums s) {
    List<Double> num = keys.stream().map(k -> s.get(k, Segments.PROMOTERS) - s.get(k, Segments.DETRACTORS)).toList();
    List<Double> den = keys.stream().map(k -> s.get(k, Segments.RESPONSES)).toList();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      values.add(ratio(num.get(i) * 100, den.get(i)));
    }
    return new Chart(id, "bar", title, Fmt.POINTS.script, keys, List.of(new Series("NPS", values, num, den)));
  }

  private static Cell nps(Sums s, String key) {
    double n = value(s, key, Segments.PROMOTERS) - value(s, key, Segments.DETRACTORS);
    double d = value(s, key, Segments.RESPONSES);
    return Cell.number(Fmt.POINTS.text(ratio(n * 100, d)), SectionParts.ratioTitle(n, d, "NPS answers"));
  }

  Section lifecycle() {
    String title = "Lifecycle stages";
    String lead = "Where people stand at the end of " + monthLabel + ": from a first visit (awareness) through "
        + "carts, a first and repeat purchases, to advocates (a recent promoter or referrer) and lapsed customers; "
        + "and the stage they were in a month before.";
    List<PageRow> rows = ofMonth(KpiTables.LIFECYCLE);
    if (rows.isEmpty()) {
      return empty("lifecycle", title, lead, "No one seen by the end of " + monthLabel + ".");
    }
    List<String> from = Lifecycle.previousStages().stream().map(p -> Lifecycle.FROM + p).toList();
    List<String> cols = new ArrayList<>(List.of(Lifecycle.PERSONS, Lifecycle.ENTERED));
    cols.addAll(from);
    Sums s = Sums.of(rows, r -> r.text(Lifecycle.STAGE), cols.toArray(String[]::new));
    List<String> stages = Lifecycle.STAGES.stream().filter(s::has).toList();
    Chart now = new Chart("lifecycle-now", "bar", "Persons by stage, " + monthLabel, Fmt.COUNT.script, stages,
        List.of(new Series("Persons", stages.stream().map(k -> s.get(k, Lifecycle.PERSONS)).toList(), null, null)));
    List<List<Cell>> table = new ArrayList<>();
    for (String k : stages) {
      List<Cell> line = new ArrayList<>(List.of(Cell.text(k), count(s, k, Lifecycle.PERSONS),
          count(s, k, Lifecycle.ENTERED)));
      from.forEach(f -> line.add(count(s, k, f)));
      table.add(line);
    }
    List<String> headers = new ArrayList<>(List.of("Stage", "Persons", "Entered"));
    Lifecycle.previousStages().forEach(p -> headers.add(p.equals(Lifecycle.NONE) ? "New" : "From " + p));
    DataTable t = new DataTable("lifecycle-table", "Stages at the end of " + monthLabel
        + ", by the stage a month before", headers, table, false);
    return new Section("lifecycle", title, lead, null, List.of(), List.of(now, trend()), List.of(t), List.of(
        "A person is a customer or an anonymous visitor. Lapsed: an order, but none within the churn window. "
            + "Advocate: two or more orders and a latest NPS of 9-10 or a referral in the last 12 months. "
            + "Entered: persons who were in another stage a month before, or new."));
  }

  /** Persons by stage at the end of each of the last twelve months up to the one shown. */
  private Chart trend() {
    List<PageRow> all = tables.apply(KpiTables.LIFECYCLE).stream()
        .filter(r -> r.date(KpiTables.DATE) != null && !r.date(KpiTables.DATE).isAfter(month)
            && r.date(KpiTables.DATE).isAfter(month.minusMonths(TREND_MONTHS))).toList();
    TreeSet<LocalDate> months = new TreeSet<>();
    all.forEach(r -> months.add(r.date(KpiTables.DATE)));
    List<String> labels = months.stream().map(m -> m.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
        + m.getYear()).toList();
    List<Series> series = new ArrayList<>();
    for (String stage : Lifecycle.STAGES) {
      List<Double> values = new ArrayList<>();
      for (LocalDate m : months) {
        values.add(all.stream().filter(r -> m.equals(r.date(KpiTables.DATE)) && stage.equals(r.text(Lifecycle.STAGE)))
            .mapToDouble(r -> r.sum(Lifecycle.PERSONS)).sum());
      }
      series.add(new Series(stage, values, null, null));
    }
    return new Chart("lifecycle-trend", "line", "Persons by stage at each month's end", Fmt.COUNT.script, labels,
        series);
  }
}
