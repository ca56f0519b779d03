package io.cx.report.page;

import java.util.List;

/**
 * Everything the report page shows, as numbers already formatted and charts as data: the template
 * only lays it out, and a test can check which number lands in which section without a browser.
 */
public record PageModel(Header header, List<Section> sections) {

  /** The run and the period the page describes. */
  public record Header(String title, String output, String runId, String runStatus, String asOf, String dataThrough,
      String grain, String periodLabel, String previousLabel, boolean periodInProgress, String generatedAt) {}

  /**
   * One section of the page. {@code empty} is the sentence shown instead of charts when the period
   * has no data for it (null when it has); {@code notes} explain how its numbers were combined.
   */
  public record Section(String id, String title, String lead, String empty, List<Card> cards, List<Chart> charts,
      List<DataTable> tables, List<String> notes) {

    /** The chart with this id (tests). */
    public Chart chart(String chartId) {
      return charts.stream().filter(c -> c.id().equals(chartId)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no chart " + chartId + " in " + id));
    }

    public DataTable table(String tableId) {
      return tables.stream().filter(t -> t.id().equals(tableId)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no table " + tableId + " in " + id));
    }
  }

  /**
   * A headline KPI of the scorecard: this period's value against the previous period's, its goal,
   * and the id of its trend chart. {@code direction} is good, bad or flat (for the colour).
   */
  public record Card(String kpi, String label, String value, String previous, String change, String direction,
      String goal, String onTrack, String onTrackClass, String ratio, String chartId) {}

  /**
   * A chart as data: {@code kind} is bar, hbar or line; {@code format} one of {@link Fmt}'s script
   * names. Each series may carry the numerator and denominator of each value, shown on hover.
   */
  public record Chart(String id, String kind, String title, String format, List<String> labels, List<Series> series) {}

  public record Series(String name, List<Double> values, List<Double> numerators, List<Double> denominators) {}

  /** A table of the numbers behind a chart; {@code collapsed} ones open on a click (long daily lists). */
  public record DataTable(String id, String caption, List<String> columns, List<List<Cell>> rows, boolean collapsed) {

    /** The text of the first row whose first cell is {@code key}, in column {@code column} (tests). */
    public String cell(String key, String column) {
      int c = columns.indexOf(column);
      if (c < 0) {
        throw new IllegalArgumentException("no column " + column + " in " + id + ": " + columns);
      }
      return rows.stream().filter(r -> r.get(0).text().equals(key)).findFirst()
          .map(r -> r.get(c).text())
          .orElseThrow(() -> new IllegalArgumentException("no row " + key + " in " + id));
    }
  }

  /** A table cell: its text, an optional hover text and an optional inline style (the heatmap's colours). */
  public record Cell(String text, String title, String style, boolean numeric) {
    static Cell text(String t) {
      return new Cell(t, null, null, false);
    }

    static Cell number(String t) {
      return new Cell(t, null, null, true);
    }

    static Cell number(String t, String title) {
      return new Cell(t, title, null, true);
    }
  }
}
