package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.report.SparkSessions;
import io.cx.report.catalog.PublishedTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run Spark SQL over a published output: every table is a view of its name (events, orders, "
        + "kpi_returns, cx_scorecard...), with its columns as published and its partition column typed.",
        "Prints the first rows as a table, or writes the whole result with --write (never a half-written folder)."})
final class SqlCommand implements Callable<Integer> {
  static final int WIDTH = 40;

  @Option(names = "--output", required = true, paramLabel = "OUTPUT", description = "The output root a run wrote.")
  String output;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SQL", description = "The query (or --file).")
  String sql;

  @Option(names = "--file", paramLabel = "FILE.sql", description = "Read the query from this file.")
  Path file;

  @Option(names = "--limit", defaultValue = "50", description = "Rows to print (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--write", paramLabel = "DIR", description = "Write the whole result to this new folder instead of printing.")
  String write;

  @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT",
      description = "With --write: parquet, csv (with a header) or jsonl (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    String query = query();
    if (write != null && !List.of("parquet", "csv", "jsonl").contains(format)) {
      throw new InputException("--format " + format + " is not one of parquet, csv, jsonl");
    }
    if (limit < 0) {
      throw new InputException("--limit must be 0 or more");
    }
    SparkSession spark = SparkSessions.create("cx sql");
    // Only the tables the query names are opened (each costs a listing and its footers); SHOW lists them all.
    String lower = query.toLowerCase(Locale.ROOT);
    boolean all = lower.matches("(?s)^\\s*show\\b.*");
    PublishedTables.register(spark, output, name -> all
        || java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b").matcher(lower).find());
    Dataset<Row> result;
    try {
      result = spark.sql(query);
      if (write != null) {
        long rows = write(spark, result);
        System.out.printf(Locale.ROOT, "wrote %,d rows to %s (%s)%n", rows, write, format);
      } else {
        System.out.print(table(result, limit));
      }
    } catch (Exception e) { // Spark's AnalysisException is a checked exception Scala throws undeclared
      throw sqlError(e);
    }
    return 0;
  }

  private String query() {
    if ((sql == null) == (file == null)) {
      throw new InputException("give the query as an argument or with --file, not both or neither");
    }
    if (sql != null) {
      return strip(sql);
    }
    try {
      return strip(Files.readString(file));
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String strip(String q) {
    String s = q.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  /** A query the user got wrong (syntax, unknown column, bad cast) is a usage error with Spark's message. */
  static RuntimeException sqlError(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException ie) {
        return ie;
      }
      if (t instanceof SparkThrowable s && s.getCondition() != null && !s.getCondition().startsWith("FAILED_READ_FILE")
          && !"INTERNAL_ERROR".equals(s.getCondition())) {
        String m = t.getMessage().strip();
        int nl = m.indexOf('\n');
        return new InputException("SQL error: " + (nl < 0 ? m : m.substring(0, nl)).replaceAll(";\\s*$", ""));
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The first {@code limit} rows as an aligned text table, values as Spark writes them as strings. */
  static String table(Dataset<Row> result, int limit) {
    String[] names = result.columns();
    Column[] asText = Arrays.stream(names).map(n -> functions.col("`" + n.replace("`", "``") + "`").cast("string"))
        .toArray(Column[]::new);
    List<Row> rows = result.select(asText).limit(limit + 1).collectAsList();
    boolean more = rows.size() > limit;
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        String v = r.isNullAt(i) ? "NULL" : r.getString(i).replaceAll("\\s+", " ");
        line[i] = v.length() > WIDTH ? v.substring(0, WIDTH - 1) + "…" : v;
      }
      cells.add(line);
    }
    boolean[] numeric = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      numeric[i] = result.schema().fields()[i].dataType() instanceof org.apache.spark.sql.types.NumericType;
    }
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, names, width, new boolean[names.length]);
    String[] rule = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    appendLine(sb, rule, width, numeric);
    cells.forEach(line -> appendLine(sb, line, width, numeric));
    sb.append(more ? "(first " + limit + " rows; --limit N shows more, --write DIR writes them all)\n"
        : "(" + cells.size() + (cells.size() == 1 ? " row)\n" : " rows)\n"));
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String[] values, int[] width, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      String pad = " ".repeat(width[i] - values[i].length());
      line.append(i == 0 ? "" : " | ").append(right[i] ? pad + values[i] : values[i] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  /** Writes into a hidden folder beside DIR, then renames it to DIR: DIR is whole or absent. */
  private long write(SparkSession spark, Dataset<Row> result) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(write);
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      target = fs.makeQualified(target);
      if (fs.exists(target)) {
        throw new InputException(write + " exists: cx sql --write writes a new folder and never replaces one");
      }
      org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
          "." + target.getName() + ".cx-tmp-" + UUID.randomUUID());
      Dataset<Row> out = format.equals("parquet") ? result : result.coalesce(1);
      try {
        switch (format) {
          case "csv" -> out.write().option("header", true).csv(tmp.toString());
          case "jsonl" -> out.write().json(tmp.toString());
          default -> out.write().parquet(tmp.toString());
        }
        if (!fs.rename(tmp, target)) {
          throw new IOException("cannot rename " + tmp + " to " + target);
        }
      } finally {
        if (fs.exists(tmp)) {
          fs.delete(tmp, true);
        }
      }
      return spark.read().format(format.equals("jsonl") ? "json" : format).option("header", true)
          .load(target.toString()).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
