package io.cx.report.catalog;

import io.cx.ingest.InputException;
import io.cx.metrics.KpiTables;
import io.cx.report.publish.Inventory;
import io.cx.report.publish.ParquetSchemas;
import java.util.ArrayList;
import java.util.List;

/**
 * The published tables as a catalog sees them: location, columns with their types (from the
 * Parquet footers, as published) and descriptions (from the data dictionary), and the partition
 * column with its type (a day is a {@code date}, a month the text {@code YYYY-MM}).
 */
public final class CatalogTables {
  private CatalogTables() {}

  /** A column: its name, its Spark SQL type ({@code bigint}, {@code decimal(18,2)}, {@code array<string>}) and what it means. */
  public record Column(String name, String type, String comment) {}

  /** A table; {@code columns} end with the partition column. */
  public record Table(String name, String location, String comment, List<Column> columns, String partitionColumn) {
    public Column partition() {
      return columns.get(columns.size() - 1);
    }

    public List<Column> dataColumns() {
      return columns.subList(0, columns.size() - 1);
    }
  }

  /** The Spark SQL type of a partition column of the contract. */
  static String partitionType(String column) {
    return KpiTables.MONTH.equals(column) ? "string" : "date";
  }

  /**
   * The tables of an inventory, at {@code location} (the output root as the engine reaches it).
   * A table whose files disagree on their columns is refused: its DDL would be wrong for some of them.
   */
  public static List<Table> of(Inventory inventory, String location, Descriptions d) {
    List<Table> out = new ArrayList<>();
    for (Inventory.Table t : inventory.tables()) {
      if (t.columns().isEmpty()) {
        continue;
      }
      if (!t.schemaProblems().isEmpty() || !t.damagedFiles().isEmpty()) {
        throw new InputException("table " + t.name() + " has files with other columns or damaged files ("
            + String.join("; ", t.schemaProblems()) + String.join("; ", t.damagedFiles())
            + "); `cx verify` lists them, `cx run --full-refresh` rebuilds the table");
      }
      List<Column> columns = new ArrayList<>();
      for (ParquetSchemas.Column c : t.columns()) {
        columns.add(new Column(c.name(), c.type(), comment(d, t.name(), c.name())));
      }
      String p = t.partitionColumn();
      columns.add(new Column(p, partitionType(p), comment(d, t.name(), p)));
      String heading = d.table(t.name());
      out.add(new Table(t.name(), location.replaceAll("/+$", "") + "/" + t.name(), tableComment(heading), columns, p));
    }
    return out;
  }

  /** The dictionary's heading of a table: "one row per ..." for a detail table, the grain of a KPI table. */
  static String tableComment(String heading) {
    if (heading == null || heading.isEmpty()) {
      return "";
    }
    return heading.startsWith("one row per") ? "O" + heading.substring(1) : "Grain: " + heading;
  }

  private static String comment(Descriptions d, String table, String column) {
    String c = d.column(table, column);
    return c == null ? "" : c;
  }
}
