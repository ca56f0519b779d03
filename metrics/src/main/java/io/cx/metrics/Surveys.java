package io.cx.metrics;

import static io.cx.ingest.EventContract.CES;
import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.CSAT;
import static io.cx.ingest.EventContract.DATE;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.NPS;
import static io.cx.ingest.EventContract.SCORE;
import static io.cx.ingest.EventContract.SURVEY;
import static io.cx.ingest.EventContract.SURVEY_TYPE;
import static io.cx.ingest.EventContract.TOUCHPOINT;
import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cx.transform.Dates;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code kpi_surveys}: one row per date (response) x channel x touchpoint x survey_type. Columns
 * that do not apply to the row's survey_type are null.
 */
public final class Surveys {
  private Surveys() {}

  /** Restated: the dates of changed events. */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.SURVEYS,
      "date (response) x channel x touchpoint x survey_type", io.cx.transform.Horizon.EVENTS,
      (t, d, s) -> compute(d.on(t.sparseEvents(), DATE)),
      (c, t, s) -> Dates.of(c.events().dates()),
      new Headline("nps", col(SURVEY_TYPE).equalTo(NPS), col(Surveys.PROMOTERS).minus(col(Surveys.DETRACTORS)),
          col(Surveys.RESPONSES), 100, true),
      new Headline("csat", col(SURVEY_TYPE).equalTo(CSAT), col(Surveys.SATISFIED), col(Surveys.RESPONSES), 100, true),
      new Headline("ces_avg", col(SURVEY_TYPE).equalTo(CES), col(Surveys.SCORE_SUM), col(Surveys.RESPONSES), 1, true));

  public static final String RESPONSES = "responses";
  public static final String PROMOTERS = "promoters";
  public static final String PASSIVES = "passives";
  public static final String DETRACTORS = "detractors";
  public static final String NPS_SCORE = "nps";
  public static final String SATISFIED = "satisfied";
  public static final String CSAT_SCORE = "csat";
  public static final String SCORE_SUM = "score_sum";
  public static final String CES_AVG = "ces_avg";
  public static final String EASY = "easy";
  public static final String CES_EASY_RATE = "ces_easy_rate";

  public static Dataset<Row> compute(Dataset<Row> events) {
    Column score = col(SCORE);
    Dataset<Row> all = Kpi.aggregate(events.where(col(EVENT_TYPE).equalTo(SURVEY)),
        List.of(col(DATE), col(CHANNEL), col(TOUCHPOINT), col(SURVEY_TYPE)), List.of(
            Kpi.of(RESPONSES, count(lit(1))),
            countIf(PROMOTERS, score.geq(9)),
            countIf(PASSIVES, score.between(7, 8)),
            countIf(DETRACTORS, score.leq(6)),
            countIf(SATISFIED, score.geq(4)),
            Kpi.of(SCORE_SUM, sum(score)),
            countIf(EASY, score.geq(5))));
    Column nps = col(SURVEY_TYPE).equalTo(NPS);
    Column csat = col(SURVEY_TYPE).equalTo(CSAT);
    Column ces = col(SURVEY_TYPE).equalTo(CES);
    return all
        .withColumn(PROMOTERS, when(nps, col(PROMOTERS)))
        .withColumn(PASSIVES, when(nps, col(PASSIVES)))
        .withColumn(DETRACTORS, when(nps, col(DETRACTORS)))
        .withColumn(NPS_SCORE, when(nps, col(PROMOTERS).minus(col(DETRACTORS)).multiply(100.0).divide(col(RESPONSES))))
        .withColumn(SATISFIED, when(csat, col(SATISFIED)))
        .withColumn(CSAT_SCORE, when(csat, Kpi.percent(SATISFIED, RESPONSES)))
        .withColumn(SCORE_SUM, when(ces, col(SCORE_SUM)))
        .withColumn(CES_AVG, when(ces, Kpi.ratio(SCORE_SUM, RESPONSES)))
        .withColumn(EASY, when(ces, col(EASY)))
        .withColumn(CES_EASY_RATE, when(ces, Kpi.percent(EASY, RESPONSES)));
  }
}
