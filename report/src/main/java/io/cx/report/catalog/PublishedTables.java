package io.cx.report.catalog;

import io.cx.report.publish.Footers;
import io.cx.report.publish.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The published tables of an output as Spark Datasets, by table name: each read with its
 * schema as published (the Parquet footers, checked to agree across files) and its partition
 * column typed as in the contract (a day is a date, a month text), never inferred.
 */
public final class PublishedTables {
  private PublishedTables() {}

  /** Every table of {@code output}, in name order. */
  public static Map<String, Dataset<Row>> open(SparkSession spark, String output) {
    return open(spark, output, name -> true);
  }

  /** The tables of {@code output} whose names pass {@code wanted}, in name order. */
  public static Map<String, Dataset<Row>> open(SparkSession spark, String output,
      java.util.function.Predicate<String> wanted) {
    Path root = new Path(output);
    try {
      FileSystem fs = Footers.existingOutput(root, spark.sparkContext().hadoopConfiguration());
      Map<String, Dataset<Row>> out = new LinkedHashMap<>();
      for (CatalogTables.Table t : CatalogTables.of(Inventory.of(fs, root, wanted), fs.makeQualified(root).toString(),
          Descriptions.packaged())) {
        out.put(t.name(), spark.read().schema(schema(t)).parquet(t.location()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers the tables of {@code output} whose names pass {@code wanted} as temporary views of their names. */
  public static java.util.Set<String> register(SparkSession spark, String output,
      java.util.function.Predicate<String> wanted) {
    Map<String, Dataset<Row>> tables = open(spark, output, wanted);
    tables.forEach((name, ds) -> ds.createOrReplaceTempView(name));
    return tables.keySet();
  }

  /** A table's Spark schema, with each column's description as its comment. */
  static StructType schema(CatalogTables.Table t) {
    StructField[] fields = t.columns().stream()
        .map(c -> new StructField(c.name(), DataType.fromDDL(c.type()), true, Metadata.empty()).withComment(c.comment()))
        .toArray(StructField[]::new);
    return new StructType(fields);
  }

}
