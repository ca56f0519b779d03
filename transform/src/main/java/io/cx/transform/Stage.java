package io.cx.transform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a run puts each table it builds: a run writes it into staging and hands back the table as
 * it will read once published (later tables read those rows, so their plans stay small and they
 * see exactly what is published); a test hands back the rows themselves.
 */
@FunctionalInterface
public interface Stage {
  /**
   * Stages {@code rows}: the complete new content of the partitions {@code dates}, or the whole
   * table for {@link Dates#ALL}. Returns the whole table as it will be published.
   */
  Dataset<Row> apply(String table, Dataset<Row> rows, Dates dates);

  /** Stages a whole table. */
  default Dataset<Row> whole(String table, Dataset<Row> rows) {
    return apply(table, rows, Dates.ALL);
  }

  /** Hands back each table's rows as they are (for tests, and plans that are not written). */
  static Stage inMemory() {
    return (table, rows, dates) -> rows;
  }
}
