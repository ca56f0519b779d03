package io.cx.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON Lines read one record per line.
 *
 * <p>Spark's JSON reader turns a line holding a JSON array into one record per element, with no
 * option to turn that off; it is kept for every file without such a line, because it is the only
 * reader that hands a JSON number over as the text it was written as ({@code 150.30}, or a
 * 20-digit amount, exactly). A text scan finds the files with a line whose first non-blank
 * character is {@code [}; those few files are read line by line instead: an array line becomes
 * one malformed record holding its text, every other line is parsed on its own. Parsed from a
 * string, a JSON number there goes through a double ({@code 150.30} reads as {@code 150.3}), which
 * does not change any value a valid event can have (amounts are bounded, see ingest.max-amount).
 */
final class JsonLines {
  private JsonLines() {}

  /**
   * {@code read}, Spark's JSON read of {@code paths} (its schema set or inferred), one record per
   * line, with lineage columns.
   */
  static Dataset<Row> read(SparkSession spark, Dataset<Row> read, String... paths) {
    List<String> withArrays = filesWithArrayLines(spark, paths);
    if (withArrays.isEmpty()) {
      return SourceReader.withLineage(read);
    }
    Dataset<Row> others = SourceReader.withLineage(read)
        .where(col(SourceReader.SOURCE_FILE).isin(withArrays.toArray()).unary_$bang());
    return others.unionByName(lineByLine(spark, withCorrupt(read.schema()), withArrays));
  }

  /** The files (as Spark spells them) holding a line that is a JSON array. */
  static List<String> filesWithArrayLines(SparkSession spark, String... paths) {
    List<String> files = new ArrayList<>();
    io.cx.spark.JobDescription.during(spark, "ingest: look for JSON arrays on one line",
        () -> spark.read().text(paths).where(isArray(col("value")))
            .select(col("_metadata.file_path")).distinct().collectAsList().forEach(r -> files.add(r.getString(0))));
    return files;
  }

  /** Whether a line (or a malformed record's raw text) is a JSON array: its first non-blank character is '['. */
  static Column isArray(Column line) {
    return ltrim(line).startsWith("[");
  }

  private static StructType withCorrupt(StructType schema) {
    return Arrays.asList(schema.fieldNames()).contains(SourceReader.CORRUPT) ? schema
        : schema.add(SourceReader.CORRUPT, DataTypes.StringType);
  }

  /** Each non-blank line of {@code files} as one record of {@code schema}; an array line as a malformed one. */
  private static Dataset<Row> lineByLine(SparkSession spark, StructType schema, List<String> files) {
    Column line = col("value");
    Column parsed = from_json(line, schema,
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", SourceReader.CORRUPT));
    Dataset<Row> lines = spark.read().text(files.toArray(String[]::new))
        .where(trim(line).notEqual(""))
        .select(line, when(isArray(line), lit(null)).otherwise(parsed).as("_parsed"),
            col("_metadata.file_path").as(SourceReader.SOURCE_FILE),
            col("_metadata.file_block_start").as("_block_start"));
    List<Column> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      out.add(f.name().equals(SourceReader.CORRUPT)
          ? coalesce(when(isArray(line), line), col("_parsed.`" + f.name() + "`")).as(f.name())
          : col("_parsed.`" + f.name() + "`").as(f.name()));
    }
    out.add(col(SourceReader.SOURCE_FILE));
    out.add(col("_block_start").as(SourceReader.BLOCK));
    return lines.select(out.toArray(Column[]::new));
  }
}
