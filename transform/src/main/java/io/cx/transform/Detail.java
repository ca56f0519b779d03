package io.cx.transform;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The detail tables of a run as they will be published, and what the run changed in them: empty
 * for a run that builds every date (a full run restates everything).
 *
 * @param seconds how long the steps before staging took (finding and re-deriving changed rows)
 */
public record Detail(DetailTables current, Dataset<Row> customers, Optional<DetailChanges> changes,
    Map<String, Double> seconds) {
  public Detail {
    seconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(seconds));
  }
}
