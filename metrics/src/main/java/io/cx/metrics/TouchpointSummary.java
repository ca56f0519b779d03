package io.cx.metrics;

import static io.cx.ingest.EventContract.*;
import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.cx.transform.Dates;
import io.cx.transform.EventsContract;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code touchpoint_summary}: one row per date x channel x touchpoint. */
public final class TouchpointSummary {
  private TouchpointSummary() {}

  /** Restated: the dates of changed events. */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.TOUCHPOINT_SUMMARY, "date x channel x touchpoint", io.cx.transform.Horizon.EVENTS,
      (t, d, s) -> compute(d.on(t.events(), io.cx.ingest.EventContract.DATE)),
      (c, t, s) -> Dates.of(c.events().dates()));

  public static final String EVENTS = "events";
  /** Distinct person_key: not additive across rows. */
  public static final String PERSONS = "persons";
  /** Distinct customer_id: not additive across rows. */
  public static final String CUSTOMERS = "customers";
  public static final String PAGE_VIEWS = "page_views";
  public static final String ADD_TO_CARTS = "add_to_carts";
  public static final String PURCHASES = "purchases";
  public static final String RETURNS = "returns";
  public static final String CONTACTS = "contacts";
  public static final String SURVEY_RESPONSES = "survey_responses";

  /**
   * Two passes instead of distinct counts (which Spark runs by copying every event once per
   * distinct column): first one row per grain x person, then the grain. A customer's events carry
   * the customer_id as person_key, so the distinct customers are the persons seen with a
   * customer_id.
   */
  public static Dataset<Row> compute(Dataset<Row> events) {
    List<Column> grain = List.of(col(DATE), col(CHANNEL), col(TOUCHPOINT));
    List<Column> byPerson = new ArrayList<>(grain);
    byPerson.add(col(EventsContract.PERSON_KEY));
    List<Kpi> typeCounts = List.of(
        countIf(PAGE_VIEWS, col(EVENT_TYPE).equalTo(PAGE_VIEW)),
        countIf(ADD_TO_CARTS, col(EVENT_TYPE).equalTo(ADD_TO_CART)),
        countIf(PURCHASES, col(EVENT_TYPE).equalTo(PURCHASE)),
        countIf(RETURNS, col(EVENT_TYPE).equalTo(RETURN)),
        countIf(CONTACTS, col(EVENT_TYPE).equalTo(CONTACT)),
        countIf(SURVEY_RESPONSES, col(EVENT_TYPE).equalTo(SURVEY)));
    List<Kpi> perPerson = new ArrayList<>(List.of(Kpi.of(EVENTS, count(lit(1))),
        Kpi.of(IS_CUSTOMER, max(col(CUSTOMER_ID).isNotNull()))));
    perPerson.addAll(typeCounts);
    List<Kpi> perGrain = new ArrayList<>(List.of(Kpi.of(EVENTS, sum(col(EVENTS))),
        Kpi.of(PERSONS, count(lit(1))),
        countIf(CUSTOMERS, col(IS_CUSTOMER))));
    typeCounts.forEach(k -> perGrain.add(Kpi.of(k.name(), sum(col(k.name())))));
    return Kpi.aggregate(Kpi.aggregate(events, byPerson, perPerson), grain, perGrain);
  }

  private static final String IS_CUSTOMER = "_is_customer";
}
