package example;

import io.cx.api.CxDerived;
import io.cx.api.CxSteps;
import io.cx.api.CxTables;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * An analyst's own Spark job on a published cx output: the KPIs of the people an email reached.
 * It keeps every event of each person with at least one email event, runs cx's steps on them
 * (sessions, journeys, orders, KPI tables, scorecard), prints the monthly scorecard and writes two
 * tables to RESULT as Parquet. The published output is only read.
 *
 * <p>Usage: EmailAudienceKpis OUTPUT RESULT AS_OF (an ISO instant, the as-of time of the run that
 * published OUTPUT).
 */
public final class EmailAudienceKpis {
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: EmailAudienceKpis OUTPUT RESULT AS_OF");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("email audience KPIs").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> events = CxTables.open(spark, args[0]).table("events");
    Dataset<Row> reached = events.where("channel = 'email'").select("person_key").distinct();
    Dataset<Row> theirEvents = events.join(reached, "person_key");

    CxDerived kpis = CxSteps.withDefaults(Instant.parse(args[2])).derive(theirEvents);
    kpis.table("cx_scorecard").where("period = 'month'").orderBy("kpi", "date")
        .select("kpi", "date", "value", "numerator", "denominator").show(100, false);
    for (String table : new String[] {"orders", "kpi_returns"}) {
      kpis.table(table).write().mode(SaveMode.ErrorIfExists).parquet(args[1] + "/" + table);
    }
    spark.stop();
  }
}
