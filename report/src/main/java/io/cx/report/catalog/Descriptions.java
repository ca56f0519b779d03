package io.cx.report.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each published column means, read from the data dictionary (docs/data-dictionary.md,
 * packaged into the jar): the one place where columns are described, so that catalog comments
 * and the documentation cannot drift apart.
 *
 * <p>The dictionary's column tables sit under headings that name their tables in backticks
 * (<code>### `kpi_returns`: date x channel</code>); a row's first cell names one or more columns
 * (<code>`page_views_sum`, `_avg`</code>: a name starting with an underscore replaces the last
 * part of the one before it), its last cell describes them. The input contract's table describes
 * the columns of {@code events}.
 */
public final class Descriptions {
  static final String RESOURCE = "io/cx/report/catalog/data-dictionary.md";
  private static final Pattern TICKED = Pattern.compile("`([a-z0-9_]+)`");
  /** The grain columns the dictionary describes once for every KPI table (the table before the first KPI table). */
  static final String EVERY_KPI_TABLE = "*kpi";
  static final String ATTRIBUTE = "Customer attribute from the run's customer-attributes file (customers.attributes); "
      + "null for a customer the file does not name.";

  private final Map<String, Map<String, String>> columns;
  private final Map<String, String> tables;

  private Descriptions(Map<String, Map<String, String>> columns, Map<String, String> tables) {
    this.columns = columns;
    this.tables = tables;
  }

  /** The descriptions of the dictionary this jar was built with. */
  public static Descriptions packaged() {
    try (InputStream in = Descriptions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the data dictionary is missing from the class path (" + RESOURCE + ")");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Descriptions parse(String markdown) {
    Map<String, Map<String, String>> columns = new HashMap<>();
    Map<String, String> tables = new HashMap<>();
    List<String> current = List.of();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("## ")) {
        current = line.startsWith("## Input") ? List.of("events")
            : line.startsWith("## KPI tables") ? List.of(EVERY_KPI_TABLE) : List.of();
      } else if (line.startsWith("### ")) {
        current = new ArrayList<>();
        for (String part : line.substring(4).split(";")) {
          int colon = part.indexOf(':');
          Matcher m = TICKED.matcher(colon < 0 ? part : part.substring(0, colon));
          while (m.find()) {
            current.add(m.group(1));
            if (colon >= 0) {
              tables.putIfAbsent(m.group(1), plain(part.substring(colon + 1)));
            }
          }
        }
      } else if (line.startsWith("|") && !current.isEmpty() && !line.startsWith("|---")) {
        String[] cells = line.split("(?<!\\\\)\\|", -1);
        if (cells.length < 4) {
          continue;
        }
        String description = plain(cells[cells.length - 2]);
        String prior = null;
        Matcher m = TICKED.matcher(cells[1]);
        while (m.find()) {
          String name = m.group(1);
          if (name.startsWith("_") && prior != null && prior.contains("_")) {
            name = prior.substring(0, prior.lastIndexOf('_')) + name;
          }
          prior = name;
          for (String table : current) {
            columns.computeIfAbsent(table, t -> new LinkedHashMap<>()).putIfAbsent(name, description);
          }
        }
      }
    }
    return new Descriptions(columns, tables);
  }

  /**
   * The description of a column, or null when the dictionary has none. A column of {@code
   * customers} the dictionary does not name is one of the run's customer attributes.
   */
  public String column(String table, String column) {
    String own = columns.getOrDefault(table, Map.of()).get(column);
    if (own == null && table.equals(io.cx.transform.DetailTable.CUSTOMERS.name())) {
      return ATTRIBUTE;
    }
    if (own != null || !io.cx.metrics.KpiTables.ALL.contains(table)) {
      return own;
    }
    return columns.getOrDefault(EVERY_KPI_TABLE, Map.of()).get(column);
  }

  /** What a row of the table is (its heading in the dictionary), or null. */
  public String table(String table) {
    return tables.get(table);
  }

  /** Markdown to one line of plain text: no backticks, emphasis or escaped pipes. */
  static String plain(String cell) {
    return cell.replace("\\|", "|").replace("`", "").replace("**", "").replace("*", "").replaceAll("\\s+", " ").strip();
  }
}
