package io.cx.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Brings raw records onto the contract's columns, every value as text (validation parses them),
 * with the record's raw text and lineage. One row per raw record, or per mapping output row.
 */
public final class Conform {
  private Conform() {}

  /**
   * The record's raw text where the contract's columns cannot show it: the malformed line, or the
   * source's fields as JSON for a malformed record of a mapped input. Null otherwise: validation
   * renders the fields of a rejected record itself, and only for rejected records.
   */
  static final String RAW = "_raw";
  /** Position of the --input the record came from. */
  static final String INPUT = "_input";
  /** The input's logical date in a run by date; null for plain inputs. */
  static final String LOADED = "_loaded";

  /** Name of the view a mapping selects from. */
  public static final String SOURCE_VIEW = "source";

  /** Records read with the contract's own column names; a source lacking a required column is refused. */
  public static Dataset<Row> fromContract(Dataset<Row> raw, InputSpec input) {
    Set<String> present = new LinkedHashSet<>(Arrays.asList(raw.columns()));
    List<String> missing = new ArrayList<>();
    for (String c : EventContract.ALWAYS_REQUIRED) {
      if (!present.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputException(
          "input '" + input.path() + "' has no column " + String.join(", ", missing)
              + "; give a --mapping that produces the event contract's columns");
    }
    return select(raw, present, null, col(SourceReader.SOURCE_FILE), col(SourceReader.BLOCK), input);
  }

  /**
   * Records of several inputs read in one scan ({@link SourceReader#readContractJsonl}), which
   * carry their input's position and logical date (as text) in the columns {@link #INPUT} and
   * {@link #LOADED}.
   */
  static Dataset<Row> fromContractScan(Dataset<Row> raw) {
    return select(raw, new LinkedHashSet<>(Arrays.asList(raw.columns())), null, col(SourceReader.SOURCE_FILE),
        col(SourceReader.BLOCK), col(INPUT), col(LOADED));
  }

  /**
   * Runs a mapping (a Spark SQL SELECT over the view {@value #SOURCE_VIEW}) over the well-formed
   * records; malformed records skip the mapping and are kept, to be rejected with their raw text.
   */
  public static Dataset<Row> fromMapping(SparkSession spark, Dataset<Row> raw, String mappingSql, InputSpec input) {
    Dataset<Row> wellFormed = raw.where(col(SourceReader.CORRUPT).isNull())
        .drop(SourceReader.CORRUPT, SourceReader.BLOCK);
    wellFormed.createOrReplaceTempView(SOURCE_VIEW);
    Dataset<Row> mapped;
    try {
      mapped = spark.sql(mappingSql);
    } catch (Exception e) {
      throw new InputException("the mapping does not run on input '" + input.path() + "': " + firstLine(e), e);
    }
    checkMappingColumns(mapped, input);
    Set<String> present = new LinkedHashSet<>(Arrays.asList(mapped.columns()));
    Column sourceFile = present.contains(SourceReader.SOURCE_FILE) ? col(SourceReader.SOURCE_FILE) : lit(input.path());
    Dataset<Row> mappedRows = select(
        mapped.withColumn(SourceReader.CORRUPT, lit(null).cast(DataTypes.StringType)),
        present, null, sourceFile, lit(0L), input);
    // Spark refuses a query of a raw file that reads nothing but the corrupt-record column, so the
    // malformed branch also renders the source's other columns (only as a fallback for the raw text).
    Column[] sourceColumns = Arrays.stream(raw.columns()).filter(c -> !SourceReader.isLineage(c))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> malformed = select(
        raw.where(col(SourceReader.CORRUPT).isNotNull()), Set.of(),
        sourceColumns.length == 0 ? null : to_json(struct(sourceColumns)),
        col(SourceReader.SOURCE_FILE), col(SourceReader.BLOCK), input);
    return mappedRows.unionByName(malformed);
  }

  static void checkMappingColumns(Dataset<Row> mapped, InputSpec input) {
    List<String> unknown = new ArrayList<>();
    Set<String> present = new LinkedHashSet<>();
    for (String c : mapped.columns()) {
      if (!EventContract.COLUMNS.contains(c) && !c.equals(SourceReader.SOURCE_FILE)) {
        unknown.add(c);
      }
      present.add(c);
    }
    List<String> missing = new ArrayList<>();
    for (String c : EventContract.ALWAYS_REQUIRED) {
      if (!present.contains(c)) {
        missing.add(c);
      }
    }
    if (!present.contains(EventContract.CUSTOMER_ID) && !present.contains(EventContract.ANONYMOUS_ID)) {
      missing.add(EventContract.CUSTOMER_ID + " or " + EventContract.ANONYMOUS_ID);
    }
    String where = "the mapping's output for input '" + input.path() + "'";
    if (!missing.isEmpty()) {
      throw new InputException(where + " lacks the contract column(s) " + String.join(", ", missing));
    }
    if (!unknown.isEmpty()) {
      throw new InputException(
          where + " has column(s) not in the event contract: " + String.join(", ", unknown)
              + " (contract columns: " + String.join(", ", EventContract.COLUMNS) + ")");
    }
  }

  private static Dataset<Row> select(
      Dataset<Row> df, Set<String> present, Column rawFallback, Column sourceFile, Column block, InputSpec input) {
    Column loaded = input.loadedDate() == null ? lit(null) : lit(input.loadedDate().toString());
    return select(df, present, rawFallback, sourceFile, block, lit(input.index()), loaded);
  }

  private static Dataset<Row> select(Dataset<Row> df, Set<String> present, Column rawFallback, Column sourceFile,
      Column block, Column input, Column loaded) {
    List<Column> cols = new ArrayList<>();
    for (String c : EventContract.COLUMNS) {
      Column text = present.contains(c) ? asText(df.col(c), df.schema().apply(c)) : lit(null).cast(DataTypes.StringType);
      cols.add(text.as(c));
    }
    Column corrupt = col(SourceReader.CORRUPT);
    cols.add((rawFallback != null ? coalesce(corrupt, rawFallback) : corrupt).as(RAW));
    cols.add(corrupt.as(SourceReader.CORRUPT));
    cols.add(sourceFile.cast(DataTypes.StringType).as(SourceReader.SOURCE_FILE));
    cols.add(input.cast(DataTypes.IntegerType).as(INPUT));
    cols.add(loaded.cast(DataTypes.DateType).as(LOADED));
    cols.add(block.cast(DataTypes.LongType).as(SourceReader.BLOCK));
    return df.select(cols.toArray(Column[]::new));
  }

  /** A value as the text validation parses; instants get an explicit UTC offset so no zone is applied twice. */
  static Column asText(Column c, StructField field) {
    DataType t = field.dataType();
    if (t.equals(DataTypes.TimestampType)) {
      return date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    }
    if (t.equals(DataTypes.TimestampNTZType)) {
      return date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    }
    if (t.equals(DataTypes.StringType)) {
      return c;
    }
    return when(c.isNotNull(), c.cast(DataTypes.StringType));
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m).trim();
  }
}
