package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows of one detail table that differ between what is published and what a run computed:
 * their dates, and the keys of the changed rows that match a condition (for example the case ids
 * of changed contacts), which KPI tables follow to other dates.
 */
public record Changes(Set<String> dates, Set<String> keys) {
  public Changes {
    dates = Set.copyOf(dates);
    keys = Set.copyOf(keys);
  }

  /**
   * Compares {@code before} with {@code after} (the same columns): each row as (date, key, hash of
   * the whole row), counted +1 after and -1 before; a row whose count does not cancel out was
   * added, removed or changed. One pass over each side.
   */
  public static Changes of(Dataset<Row> before, Dataset<Row> after, String dateColumn, Column keyed,
      String keyColumn) {
    Column[] all = Arrays.stream(after.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Function<Dataset<Row>, Dataset<Row>> rows = df -> df.select(col(dateColumn).cast("string").as("_date"),
        when(keyed, col(keyColumn)).as("_key"), xxhash64(all).as("_hash"));
    Dataset<Row> diff = rows.apply(before.select(all)).withColumn("_side", lit(-1L))
        .unionByName(rows.apply(after).withColumn("_side", lit(1L)))
        .groupBy(col("_date"), col("_key"), col("_hash")).agg(sum(col("_side")).as("_net"))
        .where(col("_net").notEqual(0)).select(col("_date"), col("_key")).distinct();
    TreeSet<String> dates = new TreeSet<>();
    TreeSet<String> keys = new TreeSet<>();
    for (Row r : diff.collectAsList()) {
      if (!r.isNullAt(0)) {
        dates.add(r.getString(0));
      }
      if (!r.isNullAt(1)) {
        keys.add(r.getString(1));
      }
    }
    return new Changes(dates, keys);
  }
}
