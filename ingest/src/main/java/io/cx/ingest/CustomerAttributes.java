package io.cx.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.trim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The optional customer-attributes input: one row per customer_id with any number of attribute
 * columns (persona, region, tier, ...), as a CSV file with a header or Parquet. Every attribute is
 * read as text, trimmed, blank as null. A file that cannot be used as given is refused whole with
 * a message naming the problem: a missing customer_id column or value, a customer_id given twice,
 * an attribute named like a column the customers table already has, or no attribute at all.
 */
public final class CustomerAttributes {
  private CustomerAttributes() {}

  public static final String CUSTOMER_ID = EventContract.CUSTOMER_ID;
  /** An attribute becomes a column and a segment kind: lower-case letters, digits and underscores. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int EXAMPLES = 3;

  /**
   * The attributes of {@code path}: {@code customer_id} and the attribute columns, all text.
   *
   * @param reserved column names the attributes may not take (the customers table's own)
   */
  public static Dataset<Row> read(SparkSession spark, String path, Set<String> reserved) {
    try {
      return validated(load(spark, path), path, reserved);
    } catch (InputException e) {
      throw e;
    } catch (Exception e) {
      // A file Spark cannot read (not CSV or Parquet after all, a ragged CSV line): checked
      // exceptions of Scala code are not declared, so any exception is one.
      throw new InputException("cannot read customer attributes " + path + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> validated(Dataset<Row> raw, String path, Set<String> reserved) {
    List<String> columns = List.of(raw.columns());
    if (!columns.contains(CUSTOMER_ID)) {
      throw new InputException("customer attributes " + path + " have no customer_id column (columns: "
          + String.join(", ", columns) + ")");
    }
    List<Column> out = new ArrayList<>();
    List<String> attributes = new ArrayList<>();
    for (String c : columns) {
      Column text = nullif(trim(col("`" + c + "`").cast("string")), lit(""));
      if (c.equals(CUSTOMER_ID)) {
        out.add(0, text.as(CUSTOMER_ID));
        continue;
      }
      if (!NAME.matcher(c).matches()) {
        throw new InputException("customer attribute column '" + c + "' in " + path + " is not a plain name "
            + "(lower-case letters, digits and underscores, starting with a letter): it becomes a column and a "
            + "segment kind");
      }
      if (reserved.contains(c)) {
        throw new InputException("customer attribute column '" + c + "' in " + path + " has the name of a column "
            + "the customers table already has; rename it");
      }
      attributes.add(c);
      out.add(text.as(c));
    }
    if (attributes.isEmpty()) {
      throw new InputException("customer attributes " + path + " have no attribute column besides customer_id");
    }
    Dataset<Row> rows = raw.select(out.toArray(Column[]::new)).cache();
    long withoutId = rows.where(col(CUSTOMER_ID).isNull()).count();
    if (withoutId > 0) {
      rows.unpersist();
      throw new InputException(withoutId + " row(s) of customer attributes " + path + " have no customer_id; "
          + "every row must name its customer");
    }
    List<Row> duplicated = rows.groupBy(col(CUSTOMER_ID)).agg(count(lit(1)).as("n")).where(col("n").gt(1))
        .orderBy(col(CUSTOMER_ID)).limit(EXAMPLES + 1).collectAsList();
    if (!duplicated.isEmpty()) {
      rows.unpersist();
      List<String> named = duplicated.stream().limit(EXAMPLES)
          .map(r -> "'" + r.getString(0) + "' (" + r.getLong(1) + " rows)").toList();
      throw new InputException("customer attributes " + path + " give a customer_id more than once: "
          + String.join(", ", named) + (duplicated.size() > EXAMPLES ? " and more" : "")
          + "; keep one row per customer");
    }
    return rows;
  }

  private static Dataset<Row> load(SparkSession spark, String path) throws IOException {
    String lower = path.toLowerCase(Locale.ROOT);
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new InputException("customer attributes " + path + " do not exist");
    }
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      // Every value as text: an attribute is a label (a tier "01" stays "01").
      return spark.read().option("header", "true").option("inferSchema", "false").option("mode", "FAILFAST")
          .csv(path);
    }
    if (lower.endsWith(".parquet") || fs.getFileStatus(p).isDirectory()) {
      return spark.read().parquet(path);
    }
    throw new InputException("customer attributes " + path + " must be a .csv, .csv.gz or .parquet file, or a "
        + "folder of Parquet files");
  }
}
