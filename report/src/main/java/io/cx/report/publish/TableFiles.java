package io.cx.report.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** How the publisher writes a table's Parquet files into a folder and reads a table's folder back. */
final class TableFiles {
  private TableFiles() {}

  /**
   * Writes rows partitioned by {@code partitionColumn}, one file per partition value: a small
   * table (an aggregate) by one task, which saves a shuffle; a large one spread over tasks by value;
   * rows that arrive spread ({@link Publisher.Layout#SPREAD}) as they are, planned so that they stay
   * one task per partition value and are not sorted ({@link io.cx.transform.ByMonth#WRITE_SETTINGS}).
   */
  static void write(Dataset<Row> rows, Path target, String partitionColumn, Publisher.Layout layout,
      String description) {
    SparkSession spark = rows.sparkSession();
    Dataset<Row> laidOut = switch (layout) {
      case AGGREGATE -> rows.coalesce(1);
      case DETAIL -> rows.repartition(col(partitionColumn));
      case SPREAD -> rows;
    };
    io.cx.spark.JobDescription.during(spark, description, () -> io.cx.spark.PlannerSettings.during(spark,
        layout == Publisher.Layout.SPREAD ? io.cx.transform.ByMonth.WRITE_SETTINGS : java.util.Map.of(), () -> {
          laidOut.write().mode(SaveMode.ErrorIfExists).partitionBy(partitionColumn).parquet(target.toString());
          return null;
        }));
  }

  /** One Parquet file without rows, holding the table's schema, in the {@code value} partition folder. */
  static void writeEmpty(Dataset<Row> table, Path target, String partitionColumn, String value) {
    table.drop(partitionColumn).limit(0).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(new Path(target, partitionColumn + "=" + value).toString());
  }

  /**
   * Reads a table's folder. Spark warns that it ignores a path whose name starts with an
   * underscore, an internal table's, though it reads it; and given a glob of its partition
   * folders, that it cannot look for streaming metadata there. Such a table is read through its
   * partition folders, listed here (every table has at least one).
   */
  static Dataset<Row> read(SparkSession spark, Path table, StructType schema) {
    return read(spark, table, java.util.Optional.of(schema));
  }

  /**
   * Some partition folders of a table (paths under {@code table}, at least one), read with
   * {@code schema}: no listing of the table's other folders and no schema inference, each of which
   * can cost a Spark job of its own.
   */
  static Dataset<Row> readFolders(SparkSession spark, Path table, java.util.List<Path> folders, StructType schema) {
    return spark.read().schema(schema).option("basePath", table.toString())
        .parquet(folders.stream().map(Path::toString).toArray(String[]::new));
  }

  /** {@link #read(SparkSession, Path, StructType)} with the schema the files hold (no rows and no columns without files). */
  static Dataset<Row> read(SparkSession spark, Path table) {
    return read(spark, table, java.util.Optional.empty());
  }

  private static Dataset<Row> read(SparkSession spark, Path table, java.util.Optional<StructType> schema) {
    org.apache.spark.sql.DataFrameReader reader = schema.map(spark.read()::schema).orElseGet(spark::read);
    if (!table.getName().startsWith("_")) {
      return reader.parquet(table.toString());
    }
    FileSystem fs;
    try {
      fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + table + ": " + e.getMessage(), e);
    }
    String[] folders = Footers.partitions(fs, table).stream().map(f -> f.getPath().toString()).toArray(String[]::new);
    if (folders.length == 0) {
      return schema.map(sc -> spark.createDataFrame(java.util.List.<Row>of(), sc)).orElseGet(spark::emptyDataFrame);
    }
    return reader.option("basePath", table.toString()).parquet(folders);
  }
}
