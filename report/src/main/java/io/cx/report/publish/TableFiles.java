package io.cx.report.publish;

import static org.apache.spark.sql.functions.col;

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
   * table (an aggregate) by one task, which saves a shuffle; a large one spread over tasks by value.
   */
  static void write(Dataset<Row> rows, Path target, String partitionColumn, Publisher.Layout layout,
      String description) {
    SparkSession spark = rows.sparkSession();
    spark.sparkContext().setJobDescription(description);
    try {
      (layout == Publisher.Layout.AGGREGATE ? rows.coalesce(1) : rows.repartition(col(partitionColumn))).write()
          .mode(SaveMode.ErrorIfExists).partitionBy(partitionColumn).parquet(target.toString());
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** One Parquet file without rows, holding the table's schema, in the {@code value} partition folder. */
  static void writeEmpty(Dataset<Row> table, Path target, String partitionColumn, String value) {
    table.drop(partitionColumn).limit(0).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(new Path(target, partitionColumn + "=" + value).toString());
  }

  /**
   * Reads a table's folder. Spark warns that it ignores a path whose name starts with an
   * underscore, an internal table's, though it reads it: such a table is read through its
   * partition folders instead (every table has at least one).
   */
  static Dataset<Row> read(SparkSession spark, Path table, StructType schema) {
    if (table.getName().startsWith("_")) {
      return spark.read().schema(schema).option("basePath", table.toString())
          .parquet(new Path(table, "*=*").toString());
    }
    return spark.read().schema(schema).parquet(table.toString());
  }
}
