package io.cx.transform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps an intermediate result a run reads several times: a run writes it to its scratch space
 * and reads it back (so the plans built on it stay small); a test may checkpoint it.
 */
@FunctionalInterface
public interface Scratch {
  Dataset<Row> keep(String name, Dataset<Row> rows);
}
