package io.cx.metrics;

import io.cx.transform.DetailTables;
import io.cx.transform.Stage;
import io.cx.transform.Transform;
import io.cx.transform.TransformSettings;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The detail tables of hand-made clean events, each held in memory as a run would stage it. */
final class Details {
  private Details() {}

  static DetailTables of(Dataset<Row> events, TransformSettings s) {
    return of(events, s, Optional.empty());
  }

  static DetailTables of(Dataset<Row> events, TransformSettings s, Optional<Dataset<Row>> attributes) {
    Stage keep = (table, rows, dates) -> rows.localCheckpoint();
    return Transform.tables(Transform.enrich(events, s), s, keep, attributes).current();
  }
}
