package io.cx.metrics;

import io.cx.transform.Dates;
import io.cx.transform.Detail;
import io.cx.transform.DetailTables;
import io.cx.transform.OrderHistory;
import io.cx.transform.Stage;
import io.cx.transform.TransformSettings;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The metrics stage: every declared KPI table, then the scorecard over them. */
public final class Metrics {
  private Metrics() {}

  /**
   * Stages every KPI table of {@link KpiTables#DECLARED}, in order, then the scorecard, and returns
   * the scorecard as it will be published. A run that built every date computes each table for
   * every date; a run that changed some dates of the detail tables computes each table for the
   * dates its declaration says those changes restate ({@link KpiTable#restates}).
   */
  public static Dataset<Row> tables(Detail detail, List<Goal> goals, TransformSettings s, Stage stage) {
    DetailTables current = withOrderHistory(detail, s, stage);
    Map<String, Dataset<Row>> kpis = new LinkedHashMap<>();
    for (KpiTable k : KpiTables.DECLARED) {
      // Only the open dates are computed: a final partition is left as published. What the
      // restatement looks up (the sessions of a changed cart journey, say) is read from there on.
      DetailTables open = stage.firstOpen(k.name()).map(current::datedFrom).orElse(current);
      kpis.put(k.name(), stage.apply(k.name(),
          () -> detail.changes().map(c -> stage.open(k.name(), k.restates().dates(c, open, s))).orElse(Dates.ALL),
          dates -> k.compute(current, dates, s)));
    }
    // A run by date restates the periods from the scorecard's first open date on.
    Dates periods = detail.changes().flatMap(c -> stage.firstOpen(KpiTables.SCORECARD))
        .map(first -> Dates.between(first, s.asOfDate()))
        .orElse(Dates.ALL);
    // The periods before those are final: they are compared with as published.
    Optional<Dataset<Row>> published = periods.first()
        .flatMap(first -> stage.published(KpiTables.SCORECARD, Scorecard.COMPARED_COLUMNS));
    // The scorecard checkpoints what it compares before its rows exist: that is part of its step.
    return stage.apply(KpiTables.SCORECARD, () -> Scorecard.compute(kpis, current.sparseEvents(), current.orders(),
        current.orderHistory(), published, goals, s, periods), periods);
  }

  /**
   * The detail tables, for a run by date with the orders' {@link OrderHistory} collapsed before the
   * earliest day any table measured against each customer's whole history may collapse them:
   * {@code kpi_segments} its first open month, {@code kpi_lifecycle} the month before its first open
   * month, the scorecard's churn its first open date. Each of those computes only what lies after,
   * so they share one collapse of the output's older orders instead of each reading them all. A
   * history the detail step already collapsed (before its read window, which is earlier) is kept.
   */
  static DetailTables withOrderHistory(Detail detail, TransformSettings s, Stage stage) {
    DetailTables current = detail.current();
    if (detail.changes().isEmpty()) {
      return current;
    }
    List<Optional<LocalDate>> collapseAt = List.of(stage.firstOpen(KpiTables.SEGMENTS),
        stage.firstOpen(KpiTables.LIFECYCLE).map(Lifecycle::collapseMonth),
        stage.firstOpen(KpiTables.SCORECARD));
    if (collapseAt.stream().anyMatch(Optional::isEmpty)) {
      return current;
    }
    LocalDate before = collapseAt.stream().map(Optional::get).min(LocalDate::compareTo).orElseThrow();
    // The detail step may have collapsed the orders earlier already (before its read window): the
    // tables then collapse the orders between that day and theirs themselves.
    return OrderHistory.usableAt(current.orderHistory(), Optional.of(before)).isPresent() ? current
        : current.withOrderHistory(OrderHistory.of(current.orders(), before, s));
  }
}
