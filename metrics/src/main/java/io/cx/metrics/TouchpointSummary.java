package io.cx.metrics;

import static io.cx.ingest.EventContract.*;
import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;

import io.cx.transform.EventsContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code touchpoint_summary}: one row per date x channel x touchpoint. */
public final class TouchpointSummary {
  private TouchpointSummary() {}

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

  public static Dataset<Row> compute(Dataset<Row> events) {
    return Kpi.aggregate(events, List.of(col(DATE), col(CHANNEL), col(TOUCHPOINT)), List.of(
        Kpi.of(EVENTS, count(lit(1))),
        Kpi.of(PERSONS, count_distinct(col(EventsContract.PERSON_KEY))),
        Kpi.of(CUSTOMERS, count_distinct(col(CUSTOMER_ID))),
        countIf(PAGE_VIEWS, col(EVENT_TYPE).equalTo(PAGE_VIEW)),
        countIf(ADD_TO_CARTS, col(EVENT_TYPE).equalTo(ADD_TO_CART)),
        countIf(PURCHASES, col(EVENT_TYPE).equalTo(PURCHASE)),
        countIf(RETURNS, col(EVENT_TYPE).equalTo(RETURN)),
        countIf(CONTACTS, col(EVENT_TYPE).equalTo(CONTACT)),
        countIf(SURVEY_RESPONSES, col(EVENT_TYPE).equalTo(SURVEY))));
  }
}
