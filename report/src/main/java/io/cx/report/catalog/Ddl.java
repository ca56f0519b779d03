package io.cx.report.catalog;

import io.cx.report.catalog.CatalogTables.Column;
import io.cx.report.catalog.CatalogTables.Table;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The statements that register published tables in Spark SQL, Trino's Hive connector or DuckDB. */
public final class Ddl {
  private Ddl() {}

  public enum Dialect { SPARK, TRINO, DUCKDB }

  public static String of(Dialect dialect, List<Table> tables, String schema) {
    StringBuilder sb = new StringBuilder();
    switch (dialect) {
      case SPARK -> sb.append("CREATE DATABASE IF NOT EXISTS ").append(spark(schema)).append(";\n");
      case TRINO -> sb.append("-- Trino, Hive connector: run in the catalog that holds schema ").append(schema)
          .append(" (CREATE SCHEMA IF NOT EXISTS ").append(quote(schema)).append(").\n")
          .append("-- Timestamps are microseconds in UTC: set hive.timestamp-precision=MICROSECONDS to keep them.\n");
      case DUCKDB -> sb.append(schema.equals("main") ? "" : "CREATE SCHEMA IF NOT EXISTS " + quote(schema) + ";\n");
    }
    for (Table t : tables) {
      sb.append('\n').append(switch (dialect) {
        case SPARK -> spark(t, schema);
        case TRINO -> trino(t, schema);
        case DUCKDB -> duckdb(t, schema);
      });
    }
    return sb.toString();
  }

  // ---- Spark SQL: a data source table over the folder, then partition discovery ----

  static String spark(Table t, String schema) {
    String name = spark(schema) + "." + spark(t.name());
    String columns = t.columns().stream()
        .map(c -> "  " + spark(c.name()) + " " + c.type().toUpperCase(Locale.ROOT) + sparkComment(c.comment()))
        .collect(Collectors.joining(",\n"));
    return "CREATE TABLE IF NOT EXISTS " + name + " (\n" + columns + "\n)\nUSING parquet\nPARTITIONED BY ("
        + spark(t.partitionColumn()) + ")\nLOCATION " + sparkString(t.location())
        + (t.comment().isEmpty() ? "" : "\nCOMMENT " + sparkString(t.comment())) + ";\n"
        + "MSCK REPAIR TABLE " + name + ";\n";
  }

  private static String spark(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String sparkComment(String comment) {
    return comment.isEmpty() ? "" : " COMMENT " + sparkString(comment);
  }

  /** Spark SQL string literals escape with a backslash (two adjacent quotes would be two literals). */
  static String sparkString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  // ---- Trino, Hive connector: an external table, then the partitions from the folders ----

  static String trino(Table t, String schema) {
    String columns = t.columns().stream()
        .map(c -> "  " + quote(c.name()) + " " + trinoType(c.type())
            + (c.comment().isEmpty() ? "" : " COMMENT " + string(c.comment())))
        .collect(Collectors.joining(",\n"));
    return "CREATE TABLE IF NOT EXISTS " + quote(schema) + "." + quote(t.name()) + " (\n" + columns + "\n)\n"
        + (t.comment().isEmpty() ? "" : "COMMENT " + string(t.comment()) + "\n")
        + "WITH (\n  external_location = " + string(t.location()) + ",\n  format = 'PARQUET',\n  partitioned_by = ARRAY["
        + string(t.partitionColumn()) + "]\n);\n"
        + "CALL system.sync_partition_metadata(" + string(schema) + ", " + string(t.name()) + ", 'FULL');\n";
  }

  /** Spark SQL type names to Trino's. */
  static String trinoType(String spark) {
    String t = spark.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("array<") && t.endsWith(">")) {
      return "array(" + trinoType(t.substring(6, t.length() - 1)) + ")";
    }
    if (t.startsWith("map<") && t.endsWith(">")) {
      String inner = t.substring(4, t.length() - 1);
      int comma = topLevelComma(inner);
      return "map(" + trinoType(inner.substring(0, comma)) + ", " + trinoType(inner.substring(comma + 1)) + ")";
    }
    if (t.startsWith("decimal")) {
      return t;
    }
    return switch (t) {
      case "string" -> "varchar";
      case "int" -> "integer";
      case "bigint", "double", "boolean", "date", "smallint", "tinyint", "real" -> t;
      case "float" -> "real";
      case "timestamp", "timestamp_ntz" -> "timestamp";
      case "binary" -> "varbinary";
      default -> throw new IllegalArgumentException("no Trino type for " + spark);
    };
  }

  private static int topLevelComma(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<' || c == '(') {
        depth++;
      } else if (c == '>' || c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a map type: " + s);
  }

  // ---- DuckDB: a view over the files with the partition column typed ----

  static String duckdb(Table t, String schema) {
    String view = quote(schema) + "." + quote(t.name());
    String partitionType = "date".equals(t.partition().type()) ? "DATE" : "VARCHAR";
    StringBuilder sb = new StringBuilder("CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM read_parquet("
        + string(t.location() + "/*/*.parquet") + ", hive_partitioning = true, hive_types = {"
        + string(t.partitionColumn()) + ": " + partitionType + "});\n");
    if (!t.comment().isEmpty()) {
      sb.append("COMMENT ON VIEW ").append(view).append(" IS ").append(string(t.comment())).append(";\n");
    }
    for (Column c : t.columns()) {
      if (!c.comment().isEmpty()) {
        sb.append("COMMENT ON COLUMN ").append(view).append('.').append(quote(c.name())).append(" IS ")
            .append(string(c.comment())).append(";\n");
      }
    }
    return sb.toString();
  }

  /** A standard SQL identifier in double quotes (Trino, DuckDB). */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A standard SQL string literal (Trino, DuckDB): a quote is doubled. */
  static String string(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
