package io.cx.report.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet file schemas in the SQL type names BI users know ({@code string}, {@code bigint},
 * {@code timestamp}, {@code decimal(18,2)}, {@code array<string>}): the names Spark's
 * {@code simpleString} gives, so a file's columns compare directly to the table's contract.
 */
public final class ParquetSchemas {
  private ParquetSchemas() {}

  /** A top-level column of a file. */
  public record Column(String name, String type) {
    @Override
    public String toString() {
      return name + " " + type;
    }
  }

  public static List<Column> columns(MessageType schema) {
    List<Column> out = new ArrayList<>();
    for (Type field : schema.getFields()) {
      out.add(new Column(field.getName(), describe(field)));
    }
    return out;
  }

  /** The columns a file of this table must have: the contract minus the partition column (it is in the folder name). */
  public static List<Column> expected(StructType contract, String partitionColumn) {
    List<Column> out = new ArrayList<>();
    for (StructField f : contract.fields()) {
      if (!f.name().equals(partitionColumn)) {
        out.add(new Column(f.name(), f.dataType().simpleString()));
      }
    }
    return out;
  }

  /** Null when the file matches; otherwise what differs, for an error message. */
  public static String mismatch(List<Column> expected, List<Column> actual) {
    if (expected.equals(actual)) {
      return null;
    }
    List<Column> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<Column> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    if (missing.isEmpty() && extra.isEmpty()) {
      return "columns in another order: " + names(actual) + ", expected " + names(expected);
    }
    return "expected " + missing + ", found " + extra;
  }

  static String describe(Type type) {
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType());
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && group.getFieldCount() == 1) {
      Type repeated = group.getType(0);
      Type element = repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1
          ? repeated : repeated.asGroupType().getType(0);
      return "array<" + describe(element) + ">";
    }
    if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation && group.getFieldCount() == 1
        && group.getType(0).asGroupType().getFieldCount() == 2) {
      GroupType kv = group.getType(0).asGroupType();
      return "map<" + describe(kv.getType(0)) + "," + describe(kv.getType(1)) + ">";
    }
    return group.getFields().stream().map(f -> f.getName() + ":" + describe(f))
        .collect(Collectors.joining(",", "struct<", ">"));
  }

  private static String primitive(PrimitiveType p) {
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
      return "string";
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return "date";
    }
    if (logical instanceof DecimalLogicalTypeAnnotation d) {
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    if (logical instanceof TimestampLogicalTypeAnnotation t) {
      String base = t.isAdjustedToUTC() ? "timestamp" : "timestamp_ntz";
      return t.getUnit() == TimeUnit.MICROS ? base : base + "(" + t.getUnit().name().toLowerCase() + ")";
    }
    if (logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
      return switch (i.getBitWidth()) {
        case 8 -> "tinyint";
        case 16 -> "smallint";
        case 32 -> "int";
        default -> "bigint";
      };
    }
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> "boolean";
      case INT32 -> "int";
      case INT64 -> "bigint";
      case FLOAT -> "float";
      case DOUBLE -> "double";
      case INT96 -> "int96 (legacy timestamp)";
      default -> "binary";
    };
  }

  private static String names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
