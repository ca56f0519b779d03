package io.cx.report.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A hand-made published output for the page tests: a few KPI rows written as Hive-partitioned
 * Parquet by DuckDB (no Spark), in the published tables' column names and types.
 */
final class TinyOutput {
  private final Path root;

  TinyOutput(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path root() {
    return root;
  }

  /** Writes {@code select} as the table {@code name}, partitioned by {@code month}. */
  TinyOutput table(String name, String select) {
    sql("COPY (" + select + ") TO '" + root.resolve(name) + "' (FORMAT parquet, PARTITION_BY (month))");
    return this;
  }

  TinyOutput manifest(String json) {
    try {
      Files.createDirectories(root.resolve("_manifests"));
      Files.writeString(root.resolve("_manifests/latest.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static void sql(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
