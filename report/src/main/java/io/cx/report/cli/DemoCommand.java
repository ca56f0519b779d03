package io.cx.report.cli;

import io.cx.report.Pipeline;
import io.cx.report.RunManifest;
import io.cx.report.SparkSessions;
import io.cx.report.config.CxConfig;
import io.cx.report.sample.SampleGenerator;
import io.cx.report.sample.SampleAttributes;
import io.cx.report.sample.SampleOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate the built-in sample into a local folder and run the whole pipeline on it in local mode, "
        + "then write the report page.",
        "Without --config or --set scorecard.goals=..., the demo sets four sample monthly goals (NPS +1 point, cart "
            + "abandonment -5%%, resolution time -10%%, first-contact resolution +5%%) so the scorecard shows them.",
        "It also writes the sample's customer attributes (persona, region, tier) and runs with them, and, unless "
            + "--config or --set says otherwise, counts a customer as churned after 30 days without an order instead "
            + "of 90, so that two months of history show churn."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--dir", defaultValue = "cx-demo", description = "Working folder; input/ and output/ go under it "
      + "and are replaced by the next demo. A folder whose input/ the demo did not write is refused (default: "
      + "${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--customers", defaultValue = "2000", description = "Customers in the sample (default: ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--days", defaultValue = "60", description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ConfigOptions config;

  static final String GOALS = "scorecard.goals";
  /** Monthly goals the demo sets unless --config or --set scorecard.goals says otherwise: the page shows them. */
  static final String SAMPLE_GOALS = "[{kpi=nps, period=month, change=\"+1\"}, "
      + "{kpi=cart_abandonment_rate, period=month, change=\"-5%\"}, "
      + "{kpi=resolution_seconds_avg, period=month, change=\"-10%\"}, "
      + "{kpi=fcr_rate, period=month, change=\"+5%\"}]";

  static final String CHURN_WINDOW = "journeys.churn-window";
  /** Two months of sample history cannot show churn after the default 90 days. */
  static final String SAMPLE_CHURN_WINDOW = "30 days";

  @Override
  public Integer call() {
    SampleOptions o = new SampleOptions(customers, days, seed, SampleOptions.DEFAULT_START, 0.01, 0.005);
    DemoFolder.check(dir);
    DemoFolder.mark(dir);
    String input = dir.resolve(DemoFolder.INPUT).toAbsolutePath().toString();
    String output = dir.resolve(DemoFolder.OUTPUT).toAbsolutePath().toString();
    SparkSession spark = SparkSessions.create("cx demo");
    SampleGenerator.Written w = SampleGenerator.generate(spark, o, SampleGenerator.Format.JSONL, input, false, true);
    System.out.printf(Locale.ROOT, "generated %,d touchpoint records for %,d customers (%s .. %s) in %s%n",
        w.records(), customers, o.startDate(), o.startDate().plusDays(days - 1L), input);
    // As of the end of the sample, so journeys still in progress at its end show as open.
    if (config.configFile == null && !config.overrides.containsKey(GOALS)) {
      config.overrides.put(GOALS, SAMPLE_GOALS);
    }
    if (config.configFile == null && !config.overrides.containsKey(CHURN_WINDOW)) {
      config.overrides.put(CHURN_WINDOW, SAMPLE_CHURN_WINDOW);
    }
    if (config.configFile == null && !config.overrides.containsKey(CxConfig.CUSTOMER_ATTRIBUTES)) {
      String attributes = dir.resolve(DemoFolder.ATTRIBUTES).toAbsolutePath().toString();
      long n = SampleAttributes.write(o, attributes, spark.sparkContext().hadoopConfiguration());
      System.out.printf(Locale.ROOT, "wrote the attributes of %,d customers (persona, region, tier) to %s%n", n,
          attributes);
      config.overrides.put(CxConfig.CUSTOMER_ATTRIBUTES, attributes);
    }
    CxConfig settings = config.load();
    RunManifest m = Pipeline.run(spark, new Pipeline.Request(List.of(input), Optional.empty(), Optional.empty(),
        output, o.end(), settings));
    System.out.print(Summary.of(m));
    String page = PageAfterRun.write(spark, settings, output, m);
    if (page != null) {
      System.out.println("report: " + page + " (open it in a browser)");
    }
    return m.exitCode();
  }
}
