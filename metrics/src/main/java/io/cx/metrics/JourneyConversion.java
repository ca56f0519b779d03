package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.cx.transform.Dates;
import io.cx.transform.JourneysContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code kpi_journey_conversion}: one row per date (journey end) x first_channel, over closed
 * journeys (open ones are not counted yet); {@code kpi_journey_conversion_last_channel} is the
 * same by last_channel.
 */
public final class JourneyConversion {
  private JourneyConversion() {}

  /** Restated: the dates of changed journeys. */
  public static final KpiTable FIRST_CHANNEL_TABLE = KpiTable.daily(KpiTables.JOURNEY_CONVERSION,
      "date (journey end) x first_channel", io.cx.transform.Horizon.JOURNEYS,
      (t, d, s) -> compute(d.on(t.journeys(), JourneysContract.DATE), JourneysContract.FIRST_CHANNEL),
      (c, t, s) -> Dates.of(c.journeys().dates()),
      Headline.rate("conversion_rate", JourneyConversion.PURCHASED_JOURNEYS, JourneyConversion.CLOSED_JOURNEYS, true));

  /** Restated: the dates of changed journeys. */
  public static final KpiTable LAST_CHANNEL_TABLE = KpiTable.daily(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL,
      "date (journey end) x last_channel", io.cx.transform.Horizon.JOURNEYS,
      (t, d, s) -> compute(d.on(t.journeys(), JourneysContract.DATE), JourneysContract.LAST_CHANNEL),
      (c, t, s) -> Dates.of(c.journeys().dates()));

  public static final String CLOSED_JOURNEYS = "closed_journeys";
  public static final String PURCHASED_JOURNEYS = "purchased_journeys";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String TOUCHPOINTS_SUM = "touchpoints_sum";
  public static final String TOUCHPOINTS_AVG = "touchpoints_avg";
  public static final String CHANNELS_SUM = "channels_sum";
  public static final String CHANNELS_AVG = "channels_avg";

  /** @param channelColumn {@link JourneysContract#FIRST_CHANNEL} or {@link JourneysContract#LAST_CHANNEL} */
  public static Dataset<Row> compute(Dataset<Row> journeys, String channelColumn) {
    Dataset<Row> closed = journeys.where(col(JourneysContract.OUTCOME).notEqual(JourneysContract.OPEN));
    return Kpi.aggregate(closed, List.of(col(JourneysContract.DATE), col(channelColumn)), List.of(
            Kpi.of(CLOSED_JOURNEYS, count(lit(1))),
            countIf(PURCHASED_JOURNEYS, col(JourneysContract.OUTCOME).equalTo(JourneysContract.PURCHASED)),
            Kpi.of(TOUCHPOINTS_SUM, sum(col(JourneysContract.EVENTS))),
            Kpi.of(CHANNELS_SUM, sum(size(col(JourneysContract.CHANNELS)).cast("long")))))
        .withColumn(CONVERSION_RATE, Kpi.ratio(PURCHASED_JOURNEYS, CLOSED_JOURNEYS))
        .withColumn(TOUCHPOINTS_AVG, Kpi.ratio(TOUCHPOINTS_SUM, CLOSED_JOURNEYS))
        .withColumn(CHANNELS_AVG, Kpi.ratio(CHANNELS_SUM, CLOSED_JOURNEYS));
  }
}
