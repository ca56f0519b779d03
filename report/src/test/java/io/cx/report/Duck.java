package io.cx.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads published tables the way a BI user does: DuckDB over the Hive-partitioned Parquet files. */
public final class Duck {
  private Duck() {}

  public static String table(Path root, String name) {
    return "read_parquet('" + root.resolve(name) + "/*/*.parquet', hive_partitioning = true)";
  }

  /** Column name to DuckDB type of a published table. */
  public static Map<String, String> types(Path root, String name) {
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : query("DESCRIBE SELECT * FROM " + table(root, name))) {
      types.put((String) row.get(0), (String) row.get(1));
    }
    return types;
  }

  public static List<List<Object>> query(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The rows of a published table matching a filter, each as column name to value. */
  public static List<Map<String, Object>> rows(Path root, String name, String where) {
    String sql = "SELECT * FROM " + table(root, name) + " WHERE " + where;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The one row of a published table matching a filter. */
  public static Map<String, Object> row(Path root, String name, String where) {
    List<Map<String, Object>> rows = rows(root, name, where);
    if (rows.size() != 1) {
      throw new AssertionError(name + " where " + where + ": expected one row, found " + rows.size() + ": " + rows);
    }
    return rows.get(0);
  }

  public static long count(String sql) {
    return ((Number) query(sql).get(0).get(0)).longValue();
  }

  /**
   * Every table of {@code a} equals the same table of {@code b}, row for row (rejecting run ids
   * aside), the internal tables a run by date reads included.
   */
  public static void assertSameTables(Path a, Path b) throws IOException {
    List<String> internal = List.of(io.cx.transform.CrossDateKeys.TABLE, io.cx.transform.SparseEvents.TABLE,
        io.cx.transform.EventIds.TABLE);
    java.util.function.Predicate<String> table = n -> !n.startsWith("_") || internal.contains(n);
    List<String> tables;
    try (Stream<Path> s = Files.list(a)) {
      tables = s.map(p -> p.getFileName().toString()).filter(table).sorted().toList();
    }
    try (Stream<Path> s = Files.list(b)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(table).sorted().toList())
          .isEqualTo(tables);
    }
    assertThat(tables).containsAll(internal);
    assertThat(tables).hasSizeGreaterThan(15);
    for (String t : tables) {
      String cols = t.equals(io.cx.ingest.RejectedContract.TABLE) ? "* EXCLUDE (run_id)" : "*";
      String x = "SELECT " + cols + " FROM " + table(a, t);
      String y = "SELECT " + cols + " FROM " + table(b, t);
      assertThat(List.of(count("SELECT count(*) FROM (" + x + " EXCEPT ALL " + y + ")"),
          count("SELECT count(*) FROM (" + y + " EXCEPT ALL " + x + ")")))
          .as("%s: rows only in %s, only in %s", t, a.getFileName(), b.getFileName()).containsExactly(0L, 0L);
    }
  }
}
