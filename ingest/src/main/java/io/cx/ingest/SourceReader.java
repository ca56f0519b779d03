package io.cx.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one input as raw records: the source's own columns, plus the malformed-record text in
 * {@link #CORRUPT} and the lineage columns {@link #SOURCE_FILE}, {@link #BLOCK}. With {@link #ROW},
 * which {@link Ingest} numbers once over all inputs, they fix the order records were read in.
 */
public final class SourceReader {
  private SourceReader() {}

  /** Raw text of a record the reader could not parse; null for well-formed records. */
  public static final String CORRUPT = "_corrupt_record";
  /** The file a record came from; a mapping may select it. */
  public static final String SOURCE_FILE = "_source_file";
  static final String BLOCK = "_block";
  /** A record's number in read order within its file block (unique over the run's inputs). */
  static final String ROW = "_row";

  /**
   * Reads with the contract's columns as strings, so that every value reaches validation as it was
   * written and a bad value gets its own reject reason instead of failing the whole record.
   */
  public static Dataset<Row> readContract(SparkSession spark, InputSpec input, IngestSettings settings) {
    StructType strings = EventContract.TEXT_SCHEMA;
    return switch (input.format()) {
      case JSONL -> withLineage(jsonReader(spark).schema(strings.add(CORRUPT, DataTypes.StringType)).json(input.path()));
      case CSV -> readCsv(spark, input, settings);
      case PARQUET -> withLineage(spark.read().parquet(input.path()));
    };
  }

  /** Reads with the source's own columns, for a mapping: CSV as strings, JSON and Parquet with their types. */
  public static Dataset<Row> readSource(SparkSession spark, InputSpec input, IngestSettings settings) {
    return switch (input.format()) {
      case JSONL -> withLineage(jsonReader(spark).json(input.path()));
      case CSV -> readCsv(spark, input, settings);
      case PARQUET -> withLineage(spark.read().parquet(input.path()));
    };
  }

  private static DataFrameReader jsonReader(SparkSession spark) {
    return spark.read().option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
  }

  /**
   * Reads CSV by column name: the files of an input are grouped by their header line and each
   * group is read with its own columns (Spark would otherwise apply one header by position to
   * every file), then the groups are combined by name.
   */
  private static Dataset<Row> readCsv(SparkSession spark, InputSpec input, IngestSettings settings) {
    var conf = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> all = null;
    for (var group : CsvHeaders.group(InputResolver.dataFilePaths(input.path(), conf), conf).entrySet()) {
      StructType schema = new StructType();
      for (String name : group.getKey()) {
        if (name.equals(CORRUPT) || Arrays.asList(schema.fieldNames()).contains(name)) {
          throw new InputException("input '" + input.path() + "': the header of " + group.getValue().get(0)
              + " has the column '" + name + "' twice or uses the reserved name " + CORRUPT);
        }
        schema = schema.add(name, DataTypes.StringType);
      }
      Dataset<Row> part = withLineage(csvReader(spark, settings)
          .option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", CORRUPT)
          .schema(schema.add(CORRUPT, DataTypes.StringType))
          .csv(group.getValue().toArray(String[]::new)));
      all = all == null ? part : all.unionByName(part, true);
    }
    if (all == null) {
      throw new InputException("input '" + input.path() + "' has no CSV file with a header line");
    }
    return all;
  }

  private static DataFrameReader csvReader(SparkSession spark, IngestSettings settings) {
    // RFC 4180 quoting: a quote inside a quoted field is written twice.
    return spark.read()
        .option("header", "true")
        .option("escape", "\"")
        .option("multiLine", settings.csvMultiLine());
  }

  private static Dataset<Row> withLineage(Dataset<Row> df) {
    Dataset<Row> withCorrupt = Arrays.asList(df.columns()).contains(CORRUPT)
        ? df
        : df.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType));
    return withCorrupt
        .withColumn(SOURCE_FILE, col("_metadata.file_path"))
        .withColumn(BLOCK, col("_metadata.file_block_start"));
  }

  static boolean isLineage(String column) {
    return column.equals(CORRUPT) || column.equals(SOURCE_FILE) || column.equals(BLOCK) || column.equals(ROW);
  }

}
