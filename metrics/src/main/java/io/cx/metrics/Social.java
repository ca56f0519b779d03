package io.cx.metrics;

import static io.cx.ingest.EventContract.CUSTOMER_ID;
import static io.cx.ingest.EventContract.DATE;
import static io.cx.ingest.EventContract.ENGAGEMENT;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.SENTIMENT;
import static io.cx.ingest.EventContract.SOCIAL;
import static io.cx.ingest.EventContract.TOUCHPOINT;
import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cx.transform.Dates;
import io.cx.transform.EventsContract;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code kpi_social}: one row per date x touchpoint x engagement, over social events (posts,
 * comments, shares, mentions, reviews), with how many of them carried a positive or a negative
 * sentiment.
 */
public final class Social {
  private Social() {}

  /** Restated: the dates of changed events. */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.SOCIAL, "date x touchpoint x engagement",
      io.cx.transform.Horizon.EVENTS,
      (t, d, s) -> compute(d.on(t.sparseEvents(), DATE)),
      (c, t, s) -> Dates.of(c.events().dates()),
      new Headline("net_social_sentiment", lit(true), col(Social.POSITIVE).minus(col(Social.NEGATIVE)),
          col(Social.WITH_SENTIMENT), 100, true));

  public static final String ENGAGEMENTS = "engagements";
  /** Distinct person_key: not additive across rows. */
  public static final String PERSONS = "persons";
  /** Distinct customer_id: not additive across rows. */
  public static final String CUSTOMERS = "customers";
  public static final String WITH_SENTIMENT = "with_sentiment";
  public static final String POSITIVE = "positive";
  public static final String NEGATIVE = "negative";
  public static final String NET_SENTIMENT = "net_sentiment";

  /** A sentiment above this is positive; below its negation, negative; in between (inclusive), neutral. */
  public static final double SENTIMENT_THRESHOLD = 0.25;

  /**
   * Two passes, as in {@link TouchpointSummary}: one row per grain x person, then the grain; a
   * customer's events carry the customer_id as person_key.
   */
  public static Dataset<Row> compute(Dataset<Row> events) {
    List<Column> grain = List.of(col(DATE), col(TOUCHPOINT), col(ENGAGEMENT));
    List<Column> byPerson = new ArrayList<>(grain);
    byPerson.add(col(EventsContract.PERSON_KEY));
    Column sentiment = col(SENTIMENT);
    List<Kpi> counts = List.of(
        Kpi.of(ENGAGEMENTS, count(lit(1))),
        countIf(WITH_SENTIMENT, sentiment.isNotNull()),
        countIf(POSITIVE, sentiment.gt(SENTIMENT_THRESHOLD)),
        countIf(NEGATIVE, sentiment.lt(-SENTIMENT_THRESHOLD)));
    List<Kpi> perPerson = new ArrayList<>(counts);
    perPerson.add(Kpi.of(IS_CUSTOMER, max(col(CUSTOMER_ID).isNotNull())));
    List<Kpi> perGrain = new ArrayList<>();
    counts.forEach(k -> perGrain.add(Kpi.of(k.name(), sum(col(k.name())))));
    perGrain.add(Kpi.of(PERSONS, count(lit(1))));
    perGrain.add(countIf(CUSTOMERS, col(IS_CUSTOMER)));
    Dataset<Row> social = events.where(col(EVENT_TYPE).equalTo(SOCIAL));
    return Kpi.aggregate(Kpi.aggregate(social, byPerson, perPerson), grain, perGrain)
        .select(col(DATE), col(TOUCHPOINT), col(ENGAGEMENT), col(ENGAGEMENTS), col(PERSONS), col(CUSTOMERS),
            col(WITH_SENTIMENT), col(POSITIVE), col(NEGATIVE),
            when(col(WITH_SENTIMENT).notEqual(0), col(POSITIVE).minus(col(NEGATIVE)).multiply(100.0)
                .divide(col(WITH_SENTIMENT))).as(NET_SENTIMENT));
  }

  private static final String IS_CUSTOMER = "_is_customer";
}
