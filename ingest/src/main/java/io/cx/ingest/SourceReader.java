package io.cx.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
    return switch (input.format()) {
      case JSONL -> JsonLines.read(spark, contractJsonReader(spark).json(input.path()), input.path());
      case CSV -> readCsv(spark, input, settings);
      case PARQUET -> validUtf8(withLineage(spark.read().parquet(input.path())));
    };
  }

  /**
   * Parquet strings are bytes that no reader checked: invalid UTF-8 becomes replacement characters,
   * so that no published table holds text a BI reader refuses.
   */
  static Dataset<Row> validUtf8(Dataset<Row> df) {
    return df.select(Arrays.stream(df.schema().fields()).map(f -> f.dataType().equals(DataTypes.StringType)
        ? org.apache.spark.sql.functions.make_valid_utf8(col("`" + f.name() + "`")).as(f.name())
        : col("`" + f.name() + "`")).toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The file column of {@link #readContractJsonl}'s lookup, besides {@link Conform#INPUT} and {@link Conform#LOADED}. */
  private static final String LOOKUP_FILE = "_lookup_file";

  /**
   * Reads several JSONL inputs as {@link #readContract} does, but in one scan, with each record's
   * {@link Conform#INPUT} and {@link Conform#LOADED} (as text) looked up from the file it came from.
   *
   * <p>A run by date reads one input per day. Read one scan each and combined by a union, 90 days
   * made a plan of 90 scans that Spark analysed again for every DataFrame derived from it, and
   * generated, compiled and warmed up code 90 times, once per day's records.
   *
   * @return empty when two inputs share a file (a file must belong to one input), or when reading
   *     the inputs together would not read exactly the files read one at a time; each input is then
   *     read on its own
   */
  static Optional<Dataset<Row>> readContractJsonl(SparkSession spark, List<InputSpec> inputs) {
    // The files as Spark lists them. _metadata.file_path spells a local file without the empty
    // authority, so the lookup below holds both spellings of each.
    Map<String, InputSpec> inputOfFile = new LinkedHashMap<>();
    for (InputSpec input : inputs) {
      for (String file : contractJsonReader(spark).json(input.path()).inputFiles()) {
        if (inputOfFile.putIfAbsent(file, input) != null) {
          return Optional.empty();
        }
      }
    }
    String[] paths = inputs.stream().map(InputSpec::path).toArray(String[]::new);
    Dataset<Row> all = contractJsonReader(spark).json(paths);
    if (!new HashSet<>(Arrays.asList(all.inputFiles())).equals(inputOfFile.keySet())) {
      return Optional.empty();
    }
    List<Row> lookup = new ArrayList<>();
    inputOfFile.forEach((file, input) -> {
      String loaded = input.loadedDate() == null ? null : input.loadedDate().toString();
      lookup.add(RowFactory.create(file, input.index(), loaded));
      String otherSpelling = withoutEmptyAuthority(file);
      if (!otherSpelling.equals(file)) {
        lookup.add(RowFactory.create(otherSpelling, input.index(), loaded));
      }
    });
    StructType lookupSchema = new StructType()
        .add(LOOKUP_FILE, DataTypes.StringType, false)
        .add(Conform.INPUT, DataTypes.IntegerType, false)
        .add(Conform.LOADED, DataTypes.StringType, true);
    Dataset<Row> files = broadcast(spark.createDataFrame(lookup, lookupSchema));
    // A left join, so that a record whose file were somehow missing from the lookup would still be
    // counted (under no input) rather than dropped.
    return Optional.of(JsonLines.read(spark, all, paths)
        .join(files, col(SOURCE_FILE).equalTo(col(LOOKUP_FILE)), "left")
        .drop(LOOKUP_FILE));
  }

  /**
   * A URI without its empty authority: {@code file:///tmp/x} as {@code file:/tmp/x}. Spark lists a
   * local file the first way ({@code Dataset.inputFiles}) and gives {@code _metadata.file_path} the
   * second way; both percent-encode the path alike. URIs with an authority are returned as they are.
   */
  static String withoutEmptyAuthority(String uri) {
    int colon = uri.indexOf(':');
    return colon > 0 && uri.startsWith(":///", colon) ? uri.substring(0, colon + 1) + uri.substring(colon + 3) : uri;
  }

  /** Reads with the source's own columns, for a mapping: CSV as strings, JSON and Parquet with their types. */
  public static Dataset<Row> readSource(SparkSession spark, InputSpec input, IngestSettings settings) {
    return switch (input.format()) {
      case JSONL -> JsonLines.read(spark, jsonReader(spark).json(input.path()), input.path());
      case CSV -> readCsv(spark, input, settings);
      case PARQUET -> validUtf8(withLineage(spark.read().parquet(input.path())));
    };
  }

  private static DataFrameReader jsonReader(SparkSession spark) {
    return spark.read().option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
  }

  /** JSON read with the contract's columns as text, and the malformed-record text in {@link #CORRUPT}. */
  private static DataFrameReader contractJsonReader(SparkSession spark) {
    return jsonReader(spark).schema(EventContract.TEXT_SCHEMA.add(CORRUPT, DataTypes.StringType));
  }

  /**
   * Reads CSV by column name: the files of an input are grouped by their header line and each
   * group is read with its own columns (Spark would otherwise apply one header by position to
   * every file), then the groups are combined by name.
   */
  private static Dataset<Row> readCsv(SparkSession spark, InputSpec input, IngestSettings settings) {
    var conf = spark.sparkContext().hadoopConfiguration();
    List<String> files = InputResolver.dataFilePaths(input.path(), conf);
    var groups = CsvHeaders.group(files, conf);
    if (groups.isEmpty() && files.stream().allMatch(f -> CsvHeaders.firstLine(new org.apache.hadoop.fs.Path(f), conf)
        == null)) {
      // Only empty files (a quiet day's export): an input without records, with the contract's columns.
      return withLineage(contractJsonReader(spark).json(files.toArray(String[]::new)));
    }
    Dataset<Row> all = null;
    for (var group : groups.entrySet()) {
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

  static Dataset<Row> withLineage(Dataset<Row> df) {
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
