package io.cx.report.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.cx.ingest.IngestSettings;
import java.io.File;
import io.cx.metrics.Goal;
import io.cx.metrics.Scorecard;
import io.cx.transform.TransformSettings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration, parsed once at the edge: reference.conf defaults, then an optional
 * file, then {@code key=value} overrides. Steps receive the plain values, never this object.
 */
public record CxConfig(
    ZoneId reportingTimeZone,
    String reportingCurrency,
    ZoneId sourceTimeZone,
    List<String> channels,
    List<String> engagements,
    Duration futureTolerance,
    int lateLookbackDays,
    boolean csvMultiLine,
    java.math.BigDecimal maxAmount,
    Instant earliestEventTime,
    double maxRejectedShare,
    Duration sessionGap,
    Duration journeyTimeout,
    Duration journeyMaxLength,
    Duration returnWindow,
    Duration contactWindow,
    Duration referralWindow,
    Duration churnWindow,
    Duration stitchLookback,
    List<Goal> goals,
    Optional<String> customerAttributes,
    boolean reportPage,
    String reportPeriod,
    String scratch,
    String json) {

  /** @param json the effective settings under {@code cx}, as JSON, for the run manifest */
  public static CxConfig load(Optional<File> file, Map<String, String> overrides) {
    Config cfg = resolve(file, overrides);
    try {
      CxConfig parsed = from(cfg.getConfig("cx"), cfg.getConfig("cx").root().render(
          ConfigRenderOptions.concise().setJson(true).setFormatted(true)));
      parsed.transformSettings(Instant.EPOCH); // validates the windows now, not mid-run
      return parsed;
    } catch (ConfigException e) {
      throw new ConfigError("invalid configuration: " + e.getMessage(), e);
    }
  }

  /** The effective settings as HOCON, with the comments of the defaults, for {@code cx config --show}. */
  public static String render(Optional<File> file, Map<String, String> overrides) {
    load(file, overrides);
    return resolve(file, overrides).withOnlyPath("cx").root().render(
        ConfigRenderOptions.defaults().setOriginComments(false).setComments(true).setJson(false));
  }

  /** reference.conf, then the file, then the overrides. */
  private static Config resolve(Optional<File> file, Map<String, String> overrides) {
    try {
      Config cfg = ConfigFactory.defaultReference();
      if (file.isPresent()) {
        if (!file.get().isFile()) {
          throw new ConfigError("config file " + file.get() + " does not exist");
        }
        Config fromFile = ConfigFactory.parseFile(file.get());
        checkKnownKeys(fromFile, cfg, file.get());
        cfg = fromFile.withFallback(cfg);
      }
      for (Map.Entry<String, String> e : overrides.entrySet()) {
        String key = e.getKey().startsWith("cx.") ? e.getKey() : "cx." + e.getKey();
        if (!cfg.hasPathOrNull(key)) {
          throw new ConfigError("unknown setting '" + e.getKey() + "' (see `cx config --show`)");
        }
        cfg = ConfigFactory.parseString(key + " = " + quoteIfNeeded(e.getValue())).withFallback(cfg);
      }
      return cfg.resolve();
    } catch (ConfigException e) {
      throw new ConfigError("invalid configuration: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a file key the reference does not define: a misspelt key would otherwise be accepted
   * and silently do nothing. Spark settings do not belong in this file: they are Spark's own.
   */
  private static void checkKnownKeys(Config fromFile, Config reference, File file) {
    for (String key : new java.util.TreeSet<>(fromFile.entrySet().stream().map(java.util.Map.Entry::getKey).toList())) {
      if (key.startsWith("spark.")) {
        throw new ConfigError("config file " + file + ": '" + key + "' is a Spark setting, which cx files do not "
            + "hold; pass it to spark-submit with --conf, or to ./cx as CX_JAVA_OPTS=-D" + key + "=...");
      }
      if (key.startsWith("cx.scorecard.goals") || reference.hasPathOrNull(key)) {
        continue;
      }
      throw new ConfigError("config file " + file + ": unknown setting '" + key + "' (see `cx config --show`)");
    }
  }

  private static CxConfig from(Config c, String rendered) {
    double maxShare = c.getDouble("ingest.max-rejected-share");
    if (maxShare < 0 || maxShare > 1) {
      throw new ConfigError("ingest.max-rejected-share must be between 0 and 1, is " + maxShare);
    }
    return new CxConfig(
        zone(c, "reporting-time-zone"),
        c.getString("reporting-currency").trim().toUpperCase(java.util.Locale.ROOT),
        zone(c, "ingest.source-time-zone"),
        c.getStringList("ingest.channels"),
        c.getStringList("ingest.engagements"),
        c.getDuration("ingest.future-tolerance"),
        wholeDays(c, "ingest.late-event-lookback"),
        c.getBoolean("ingest.csv-multi-line"),
        maxAmount(c),
        earliestEventTime(c),
        maxShare,
        c.getDuration("journeys.session-gap"),
        c.getDuration("journeys.journey-timeout"),
        c.getDuration("journeys.journey-max-length"),
        c.getDuration("journeys.return-window"),
        c.getDuration("journeys.contact-window"),
        c.getDuration("journeys.referral-window"),
        c.getDuration("journeys.churn-window"),
        c.getDuration("identity.stitch-lookback"),
        goals(c),
        Optional.of(c.getString("customers.attributes").trim()).filter(p -> !p.isEmpty()),
        c.getBoolean("report.page"),
        reportPeriod(c),
        scratch(c),
        rendered);
  }

  private static String scratch(Config c) {
    String space = c.getString("runs-by-date.scratch").trim();
    if (!io.cx.report.publish.ScratchSpace.SETTINGS.contains(space)) {
      throw new ConfigError("runs-by-date.scratch must be one of " + io.cx.report.publish.ScratchSpace.SETTINGS
          + ", is " + space);
    }
    return space;
  }

  private static String reportPeriod(Config c) {
    String period = c.getString("report.period");
    if (!io.cx.report.page.PageBuilder.GRAINS.contains(period)) {
      throw new ConfigError("report.period must be one of " + io.cx.report.page.PageBuilder.GRAINS + ", is " + period);
    }
    return period;
  }

  private static List<Goal> goals(Config c) {
    List<Goal> goals = new java.util.ArrayList<>();
    for (Config g : c.getConfigList("scorecard.goals")) {
      String kpi = g.getString("kpi");
      if (!Scorecard.kpiNames().contains(kpi)) {
        throw new ConfigError("scorecard goal on unknown kpi '" + kpi + "' (one of " + Scorecard.kpiNames() + ")");
      }
      try {
        goals.add(Goal.parse(kpi, g.getString("period"), g.getString("change")));
      } catch (IllegalArgumentException e) {
        throw new ConfigError("scorecard goal: " + e.getMessage());
      }
    }
    return List.copyOf(goals);
  }

  public TransformSettings transformSettings(Instant asOf) {
    try {
      return new TransformSettings(sessionGap, journeyTimeout, journeyMaxLength, returnWindow, contactWindow, referralWindow,
          churnWindow, stitchLookback, asOf, reportingTimeZone, reportingCurrency);
    } catch (IllegalArgumentException e) {
      throw new ConfigError("journeys: " + e.getMessage());
    }
  }

  /**
   * The settings that decide which rows of other dates an event changes, and so which partitions
   * are final: a run by date must use the values the output was published with.
   */
  /** The setting naming the customer-attributes file. */
  public static final String CUSTOMER_ATTRIBUTES = "customers.attributes";

  public static final List<String> WINDOW_KEYS = List.of("ingest.late-event-lookback", "identity.stitch-lookback",
      "journeys.session-gap", "journeys.journey-timeout", "journeys.journey-max-length", "journeys.return-window",
      "journeys.contact-window", "journeys.referral-window");

  /**
   * The {@link #WINDOW_KEYS} whose value in a published run's configuration (its manifest's JSON)
   * differs from this one's, as "key: published -> now" (missing when a key is absent there).
   */
  public List<String> windowsChangedSince(String publishedJson) {
    Config published = ConfigFactory.parseString(publishedJson);
    Config now = ConfigFactory.parseString(json);
    List<String> changed = new java.util.ArrayList<>();
    for (String key : WINDOW_KEYS) {
      String was = published.hasPath(key) ? published.getDuration(key).toString() : null;
      if (!now.getDuration(key).toString().equals(was)) {
        changed.add(key + ": " + (was == null ? "not set (an older version of cx)" : published.getString(key)) + " -> "
            + now.getString(key));
      }
    }
    return changed;
  }

  /** The windows the restatement horizons add up. */
  public io.cx.transform.Windows windows() {
    return io.cx.transform.Windows.of(transformSettings(Instant.EPOCH), Duration.ofDays(lateLookbackDays));
  }

  public IngestSettings ingestSettings(Instant asOf) {
    return new IngestSettings(
        sourceTimeZone, reportingTimeZone, channels, reportingCurrency, futureTolerance, lateLookbackDays, asOf,
        csvMultiLine, maxAmount, earliestEventTime, engagements);
  }

  private static java.math.BigDecimal maxAmount(Config c) {
    String path = "ingest.max-amount";
    java.math.BigDecimal v;
    try {
      v = new java.math.BigDecimal(c.getString(path).trim());
    } catch (NumberFormatException e) {
      throw new ConfigError(path + " must be a number, is '" + c.getString(path) + "'");
    }
    if (v.signum() <= 0 || v.compareTo(IngestSettings.LARGEST_MAX_AMOUNT) > 0) {
      throw new ConfigError(path + " must be above 0 and at most " + IngestSettings.LARGEST_MAX_AMOUNT.toPlainString()
          + " (larger sums would not fit the published decimal(18,2)), is " + v.toPlainString());
    }
    return v;
  }

  private static Instant earliestEventTime(Config c) {
    String path = "ingest.earliest-event-time";
    String text = c.getString(path).trim();
    try {
      return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeException e) {
      throw new ConfigError(path + " must be a date (YYYY-MM-DD) or an ISO-8601 instant, is '" + text + "'");
    }
  }

  private static int wholeDays(Config c, String path) {
    Duration d = c.getDuration(path);
    if (d.isNegative() || d.toSeconds() % 86_400 != 0) {
      throw new ConfigError(path + " must be a whole number of days (e.g. \"3 days\"), is " + c.getString(path));
    }
    return Math.toIntExact(d.toDays());
  }

  private static ZoneId zone(Config c, String path) {
    String id = c.getString(path);
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new ConfigError(path + ": unknown time zone '" + id + "'");
    }
  }

  private static String quoteIfNeeded(String value) {
    String v = value.trim();
    if (v.startsWith("[") || v.startsWith("{") || v.startsWith("\"")) {
      return v;
    }
    return com.typesafe.config.ConfigUtil.quoteString(v);
  }

  /** A configuration problem the user must fix (exit code 2). */
  public static final class ConfigError extends RuntimeException {
    public ConfigError(String message) {
      super(message);
    }

    public ConfigError(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
