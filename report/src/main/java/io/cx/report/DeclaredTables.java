package io.cx.report;

import io.cx.ingest.EventContract;
import io.cx.ingest.RejectedContract;
import io.cx.metrics.KpiTables;
import io.cx.transform.CrossDateKeys;
import io.cx.transform.DetailTable;
import io.cx.transform.Horizon;
import io.cx.transform.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every table a run publishes, in publishing order, with what staging and finality need of its
 * declaration: how far back a run by date may rewrite it and how it lies on disk. The facts
 * themselves stay where each table is declared ({@link DetailTable}, the KPI tables, the
 * scorecard, the internal {@link CrossDateKeys} and {@link io.cx.transform.SparseEvents}); this is the
 * one list that gathers them.
 */
final class DeclaredTables {
  private DeclaredTables() {}

  /** One published table: its name, restatement horizon and layout. */
  record Declared(String name, Horizon horizon, TableLayout layout) {}

  /**
   * rejected_events holds the records loaded for the run's dates, each filed under its own date (a
   * late event under its old date): a run rewrites only the partitions that hold such records.
   */
  static final Horizon REJECTED = new Horizon(
      "none: a run rewrites the partitions holding records loaded for its dates, filed under their own dates",
      w -> Optional.empty());

  /** Every published table, in publishing order. */
  static final List<Declared> ALL = all();

  private static List<Declared> all() {
    List<Declared> all = new ArrayList<>();
    all.add(new Declared(RejectedContract.TABLE, REJECTED, TableLayout.detail(EventContract.DATE)));
    DetailTable.DECLARED.forEach(d -> all.add(new Declared(d.name(), d.horizon(), d.layout())));
    KpiTables.DECLARED.forEach(k -> all.add(new Declared(k.name(), k.horizon(), k.layout())));
    all.add(new Declared(KpiTables.SCORECARD, KpiTables.SCORECARD_HORIZON, KpiTables.SCORECARD_LAYOUT));
    all.add(new Declared(CrossDateKeys.TABLE, CrossDateKeys.HORIZON, CrossDateKeys.LAYOUT));
    all.add(new Declared(io.cx.transform.SparseEvents.TABLE, io.cx.transform.SparseEvents.HORIZON,
        io.cx.transform.SparseEvents.LAYOUT));
    all.add(new Declared(io.cx.transform.EventIds.TABLE, io.cx.transform.EventIds.HORIZON,
        io.cx.transform.EventIds.LAYOUT));
    return List.copyOf(all);
  }

  /** The declaration of the table of this name. */
  static Declared of(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no published table is declared as " + name));
  }
}
