package io.cx.report.page;

import io.cx.report.publish.Footers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The rows of a small published table (a KPI table, the scorecard), read straight from its Parquet
 * files without Spark, with the partition column added from the folder name. Flat columns only:
 * dates, decimals, strings, whole numbers, doubles and booleans, as the KPI tables publish them.
 */
final class PublishedRows {
  private PublishedRows() {}

  /** Every row of the table folder {@code table} (an empty list when it does not exist). */
  static List<PageRow> read(FileSystem fs, Path table) {
    try {
      if (!fs.exists(table)) {
        return List.of();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<PageRow> rows = new ArrayList<>();
    for (Footers.FileFooter f : Footers.ofTable(fs, table)) {
      String partition = f.partition();
      int eq = partition.indexOf('=');
      String partitionColumn = partition.substring(0, eq);
      String partitionValue = partition.substring(eq + 1);
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f.path())
          .withConf(fs.getConf()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          Map<String, Object> values = new LinkedHashMap<>();
          for (int i = 0; i < g.getType().getFieldCount(); i++) {
            Type t = g.getType().getType(i);
            values.put(t.getName(), t.isPrimitive() && g.getFieldRepetitionCount(i) > 0
                ? value(g, i, t.asPrimitiveType()) : null);
          }
          values.putIfAbsent(partitionColumn, partitionValue);
          rows.add(new PageRow(values));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(new IOException("cannot read " + f.path() + ": " + e.getMessage(), e));
      }
    }
    return rows;
  }

  private static Object value(Group g, int i, PrimitiveType t) {
    LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
      BigInteger unscaled = switch (t.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(g.getInteger(i, 0));
        case INT64 -> BigInteger.valueOf(g.getLong(i, 0));
        default -> new BigInteger(g.getBinary(i, 0).getBytes());
      };
      return new BigDecimal(unscaled, d.getScale());
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(g.getInteger(i, 0));
    }
    return switch (t.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getString(i, 0);
      case INT32 -> (long) g.getInteger(i, 0);
      case INT64 -> g.getLong(i, 0);
      case DOUBLE -> g.getDouble(i, 0);
      case FLOAT -> (double) g.getFloat(i, 0);
      case BOOLEAN -> g.getBoolean(i, 0);
      default -> null;
    };
  }
}
