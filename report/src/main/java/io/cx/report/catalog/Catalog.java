package io.cx.report.catalog;

import io.cx.ingest.InputException;
import io.cx.report.publish.Footers;
import io.cx.report.publish.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/** {@code cx catalog}: the DDL of a published output, and a DuckDB database file holding its views. */
public final class Catalog {
  private Catalog() {}

  /** The published tables of {@code output}, located at {@code location} (null: where the output is). */
  public static List<CatalogTables.Table> tables(String output, String location, Ddl.Dialect dialect) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(output);
    try {
      FileSystem fs = Footers.existingOutput(root, Footers.readerConfiguration());
      Inventory inv = Inventory.of(fs, root);
      if (inv.tables().isEmpty()) {
        throw new InputException(output + " holds no published table");
      }
      return CatalogTables.of(inv, location != null ? location : where(fs.makeQualified(root), dialect),
          Descriptions.packaged());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the statements of a DDL script (one per {@code ;} at a line end; {@code --} lines are comments). */
  public static void execute(Statement s, String ddl) throws SQLException {
    for (String statement : ddl.split(";\n")) {
      String sql = statement.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
      if (!sql.isEmpty()) {
        s.execute(sql);
      }
    }
  }

  /** Spark and Trino take a URI; DuckDB a plain path for local files. */
  static String where(org.apache.hadoop.fs.Path qualified, Ddl.Dialect dialect) {
    boolean local = "file".equals(qualified.toUri().getScheme());
    return local && dialect == Ddl.Dialect.DUCKDB ? qualified.toUri().getPath() : qualified.toString();
  }

  /**
   * Creates (or updates) a DuckDB database file holding the views, in one transaction: the
   * views of the schema are all replaced, or none is. Other objects of the file are left alone.
   */
  public static void writeDuckDb(Path file, String ddl) {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new InputException("--duckdb-file needs DuckDB's JDBC driver on the class path: the ./cx launcher has it; "
          + "under spark-submit add --packages org.duckdb:duckdb_jdbc");
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      execute(s, ddl);
      c.commit();
    } catch (SQLException e) {
      throw new InputException("cannot write the DuckDB file " + file + ": " + e.getMessage());
    }
  }
}
