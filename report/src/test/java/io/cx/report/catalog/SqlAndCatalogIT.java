package io.cx.report.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.report.Duck;
import io.cx.report.ExitCodes;
import io.cx.report.SampleOutput;
import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cx sql and cx catalog on a published sample: query results equal DuckDB's over the same
 * Parquet, and the DDL of each dialect registers tables that hold what the Parquet holds.
 */
class SqlAndCatalogIT {
  static Path out;
  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  @BeforeAll
  static void sample() {
    out = SampleOutput.get();
  }

  static Outcome cx(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return new Outcome(Main.execute(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** DuckDB with the views of cx catalog --dialect duckdb: the same query text runs in both engines. */
  String duckViews() {
    Outcome ddl = cx("catalog", "--dialect", "duckdb", out.toString());
    assertThat(ddl.code()).as(ddl.err()).isZero();
    return ddl.out();
  }

  /** Rows of {@code left} not in {@code right} and the other way round, counting duplicates. */
  static void assertSameRows(Path written, String views, String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      Catalog.execute(s, views);
      String mine = "SELECT * FROM read_parquet('" + written + "/*.parquet')";
      for (String sql : List.of("(" + mine + ") EXCEPT ALL (" + query + ")", "(" + query + ") EXCEPT ALL (" + mine + ")")) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
          rs.next();
          assertThat(rs.getLong(1)).as(sql).isZero();
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ")")) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows of " + query).isGreaterThan(10);
      }
    }
  }

  @Test
  void sqlResultsEqualDuckDbs() throws Exception {
    String views = duckViews();
    String join = "SELECT o.customer_id, c.orders AS customer_orders, count(*) AS orders, sum(o.amount) AS amount "
        + "FROM orders o JOIN customers c ON o.customer_id = c.customer_id GROUP BY o.customer_id, c.orders";
    String window = "SELECT session_key, person_key, row_number() OVER (PARTITION BY person_key "
        + "ORDER BY started_at, session_key) AS n, date FROM sessions";
    int i = 0;
    for (String query : List.of(join, window)) {
      Path written = dir.resolve("result" + i++);
      Outcome sql = cx("sql", "--output", out.toString(), query, "--write", written.toString(), "--format", "parquet");
      assertThat(sql.code()).as(sql.err()).isZero();
      assertThat(sql.out()).startsWith("wrote ");
      assertSameRows(written, views, query);
    }
  }

  @Test
  void sqlPrintsATableAndRefusesWhatItShould() throws Exception {
    Outcome printed = cx("sql", "--output", out.toString(),
        "SELECT channel, sum(orders) AS orders FROM kpi_returns GROUP BY channel ORDER BY channel");
    assertThat(printed.code()).as(printed.err()).isZero();
    List<List<Object>> expected = Duck.query("SELECT channel, sum(orders) FROM " + Duck.table(out, "kpi_returns")
        + " GROUP BY channel ORDER BY channel");
    List<String> lines = printed.out().lines().toList();
    assertThat(lines.get(0)).matches("channel +\\| +orders");
    for (int r = 0; r < expected.size(); r++) {
      assertThat(lines.get(2 + r).split(" \\| ")).extracting(String::strip)
          .containsExactly(expected.get(r).get(0).toString(), expected.get(r).get(1).toString());
    }
    assertThat(lines.get(lines.size() - 1)).isEqualTo("(" + expected.size() + " rows)");

    Outcome bad = cx("sql", "--output", out.toString(), "SELECT nope FROM journeys");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).startsWith("cx: SQL error: [UNRESOLVED_COLUMN").doesNotContain("\tat ").hasLineCount(1);
    Outcome syntax = cx("sql", "--output", out.toString(), "SELEC 1");
    assertThat(syntax.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(syntax.err()).contains("PARSE_SYNTAX_ERROR");

    Path existing = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(existing.resolve("keep.txt"), "not cx's");
    Outcome refused = cx("sql", "--output", out.toString(), "SELECT 1", "--write", existing.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("exists");
    assertThat(existing.resolve("keep.txt")).hasContent("not cx's");

    Path csv = dir.resolve("csv");
    assertThat(cx("sql", "--output", out.toString(), "SELECT kpi, value FROM cx_scorecard WHERE period = 'month'",
        "--write", csv.toString(), "--format", "csv").code()).isZero();
    try (var files = Files.list(csv)) {
      assertThat(files.filter(f -> f.toString().endsWith(".csv"))).hasSize(1);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("cx-tmp"));
    }
  }

  @Test
  void sparkDdlRegistersTablesWithTheParquetsCounts() {
    Outcome ddl = cx("catalog", "--dialect", "spark", "--schema", "cx_ddl_test", out.toString());
    assertThat(ddl.code()).as(ddl.err()).isZero();
    SparkSession spark = TestSpark.session();
    try {
      for (String statement : ddl.out().split(";\n")) {
        if (!statement.isBlank()) {
          spark.sql(statement);
        }
      }
      for (String table : List.of("events", "orders", "kpi_returns", "kpi_retention_cohorts", "cx_scorecard")) {
        long parquet = (Long) Duck.query("SELECT count(*) FROM " + Duck.table(out, table)).get(0).get(0);
        assertThat(spark.table("cx_ddl_test." + table).count()).as(table).isEqualTo(parquet).isPositive();
      }
      assertThat(spark.table("cx_ddl_test.events").schema().apply("date").dataType().simpleString()).isEqualTo("date");
      assertThat(spark.table("cx_ddl_test.kpi_returns").schema().apply("month").dataType().simpleString())
          .isEqualTo("string");
      assertThat(spark.table("cx_ddl_test.kpi_returns").schema().apply("return_rate").getComment().get())
          .isEqualTo("returned_orders / orders");
    } finally {
      spark.sql("DROP DATABASE IF EXISTS cx_ddl_test CASCADE");
    }
  }

  @Test
  void duckDbFileHoldsViewsWithTheParquetsCountsAndComments() throws Exception {
    Path db = dir.resolve("cx.duckdb");
    Outcome made = cx("catalog", "--dialect", "duckdb", out.toString(), "--duckdb-file", db.toString());
    assertThat(made.code()).as(made.err()).isZero();
    assertThat(made.out()).contains("views in schema main of " + db);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
      for (String table : List.of("events", "journeys", "kpi_surveys", "cx_scorecard")) {
        long parquet = (Long) Duck.query("SELECT count(*) FROM " + Duck.table(out, table)).get(0).get(0);
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          assertThat(rs.getLong(1)).as(table).isEqualTo(parquet).isPositive();
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' "
          + "AND table_name = 'kpi_returns' AND column_name IN ('month', 'refund_amount') ORDER BY column_name")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("VARCHAR");
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("DECIMAL(18,2)");
        assertThat(rs.getString(2)).isEqualTo("sum of those returns' amounts");
      }
    }
    // Run again: the views are replaced, the file still opens.
    assertThat(cx("catalog", "--dialect", "duckdb", out.toString(), "--duckdb-file", db.toString()).code()).isZero();
  }

  @Test
  void trinoDdlNamesTheColumnsTypesAndPartitions() {
    Outcome ddl = cx("catalog", "--dialect", "trino", "--schema", "cx", out.toString());
    assertThat(ddl.code()).as(ddl.err()).isZero();
    String orders = statement(ddl.out(), "orders");
    List<List<Object>> columns = Duck.query("DESCRIBE SELECT * FROM " + Duck.table(out, "orders"));
    Matcher m = Pattern.compile("(?m)^  \"([a-z_0-9]+)\" ([a-z0-9(), ]+?)(?: COMMENT '.*')?,?$").matcher(orders);
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      if (m.group(1).equals("amount")) {
        assertThat(m.group(2)).isEqualTo("decimal(18,2)");
      }
      if (m.group(1).equals("purchased_at")) {
        assertThat(m.group(2)).isEqualTo("timestamp");
      }
      if (m.group(1).equals("date")) {
        assertThat(m.group(2)).isEqualTo("date");
      }
    }
    // Every column DuckDB sees in the Parquet, the partition column last, as the Hive connector requires.
    assertThat(names).containsExactlyElementsOf(columns.stream().map(r -> (String) r.get(0)).toList());
    assertThat(names.get(names.size() - 1)).isEqualTo("date");
    assertThat(orders).contains("partitioned_by = ARRAY['date']", "format = 'PARQUET'",
        "external_location = 'file:" + out + "/orders'");
    assertThat(ddl.out()).contains("CALL system.sync_partition_metadata('cx', 'orders', 'FULL');");
    String journeys = statement(ddl.out(), "journeys");
    assertThat(journeys).contains("\"touchpoints\" array(varchar)");
    assertThat(statement(ddl.out(), "kpi_returns")).contains("\"month\" varchar", "partitioned_by = ARRAY['month']");
    // The data dictionary describes every published column: each one carries a comment.
    assertThat(ddl.out().lines().filter(l -> l.startsWith("  \"") && !l.contains(" COMMENT '"))).isEmpty();
  }

  private static String statement(String ddl, String table) {
    int start = ddl.indexOf("CREATE TABLE IF NOT EXISTS \"cx\".\"" + table + "\" (");
    assertThat(start).as("a CREATE TABLE for " + table).isNotNegative();
    return ddl.substring(start, ddl.indexOf(");\n", start) + 3);
  }
}
