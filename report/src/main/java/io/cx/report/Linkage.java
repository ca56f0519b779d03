package io.cx.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How returns, contacts and surveys that name an order linked to it: linked, no_such_order (the
 * order is not in the data) or outside_window (e.g. a return later than the return window).
 */
public record Linkage(String eventType, String status, long events, BigDecimal amount) {

  static List<Linkage> collect(Dataset<Row> linkage) {
    List<Row> rows = io.cx.spark.JobDescription.during(linkage.sparkSession(),
        "report: link returns, contacts and surveys to their orders",
        () -> linkage.orderBy("event_type", "status").collectAsList());
    List<Linkage> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new Linkage(r.getString(0), r.getString(1), r.getLong(2), r.isNullAt(3) ? null : r.getDecimal(3)));
    }
    return out;
  }
}
