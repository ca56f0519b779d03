package io.cx.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cx.metrics.Scorecard;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The headline KPIs a CX lead looks at first: each scorecard KPI for the latest month that is over
 * by the as-of date (or the latest month, when none is), next to the month before.
 */
public record Headline(String kpi, String month, Double value, Double previousValue, Double change,
    Double target, Boolean onTrack) {

  static List<Headline> collect(Dataset<Row> scorecard, Instant asOf, ZoneId zone) {
    // The same rule as the report page's, so that both show the same month.
    LocalDate lastComplete = io.cx.report.page.Report.lastCompleteDay(asOf, zone);
    Dataset<Row> months = scorecard.where(col(Scorecard.PERIOD).equalTo("month"));
    List<Row> ends = months.where(col(Scorecard.PERIOD_END).leq(lit(lastComplete.toString()).cast("date")))
        .agg(org.apache.spark.sql.functions.max(col(Scorecard.DATE))).collectAsList();
    Object month = ends.isEmpty() || ends.get(0).isNullAt(0)
        ? months.agg(org.apache.spark.sql.functions.max(col(Scorecard.DATE))).first().get(0)
        : ends.get(0).get(0);
    List<Headline> out = new ArrayList<>();
    if (month == null) {
      return out;
    }
    for (Row r : months.where(col(Scorecard.DATE).equalTo(lit(month))).orderBy(Scorecard.KPI).collectAsList()) {
      out.add(new Headline(r.getAs(Scorecard.KPI), month.toString().substring(0, 7), r.getAs(Scorecard.VALUE),
          r.getAs(Scorecard.PREVIOUS_VALUE), r.getAs(Scorecard.CHANGE), r.getAs(Scorecard.TARGET),
          r.getAs(Scorecard.ON_TRACK)));
    }
    return out;
  }
}
