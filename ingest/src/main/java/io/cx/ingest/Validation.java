package io.cx.ingest;

import static io.cx.ingest.EventContract.*;
import static io.cx.ingest.RejectReasons.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Checks conformed records against the event contract and parses them to the contract's types.
 * Every record keeps its row; a broken one gets the first {@link RejectReasons#REASONS reason}
 * it breaks, in that order, and a detail naming the value.
 */
public final class Validation {
  private Validation() {}

  // Epoch milliseconds, or ISO-8601 date-time with and without an offset (date-only counts as naive).
  private static final String EPOCH_MILLIS = "^[+-]?\\d{1,15}$";
  private static final String ISO_WITH_OFFSET =
      "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)$";
  private static final String ISO_NAIVE = "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?$";
  private static final String WHOLE_NUMBER = "^[+-]?\\d+(\\.0*)?$";
  private static final String TRUE_WORDS = "^(true|t|yes|y|1)$";
  private static final String FALSE_WORDS = "^(false|f|no|n|0)$";

  /**
   * @return the contract columns parsed to their types, {@link EventContract#DATE}, lineage,
   *     {@link RejectedContract#REJECT_REASON} (null for a valid record) and its detail
   */
  public static Dataset<Row> validate(Dataset<Row> conformed, IngestSettings settings) {
    // Three projections, each value computed once: the normalised text; the parsed values; the
    // first broken rule. Catalyst keeps a projection apart when the next one reads its costly
    // columns more than once, so a parse or a regex is not repeated in every rule that uses it.
    Dataset<Row> text = conformed.select(normalizedText(conformed));
    Parsed p = new Parsed(settings);
    Dataset<Row> parsed = p.addTo(text);
    List<Rule> rules = rules(p, settings);
    Column broken = lit(null).cast(DataTypes.IntegerType);
    for (int i = rules.size() - 1; i >= 0; i--) {
      broken = when(rules.get(i).broken, lit(i)).otherwise(broken);
    }
    Dataset<Row> judged = parsed.withColumn(BROKEN_RULE, broken);
    Column reason = lit(null).cast(DataTypes.StringType);
    Column detail = lit(null).cast(DataTypes.StringType);
    for (int i = rules.size() - 1; i >= 0; i--) {
      Column isRule = col(BROKEN_RULE).equalTo(i);
      reason = when(isRule, lit(rules.get(i).reason)).otherwise(reason);
      detail = when(isRule, rules.get(i).detail).otherwise(detail);
    }
    List<Column> out = new ArrayList<>();
    out.add(col(EVENT_ID));
    out.add(p.time.as(EVENT_TIME));
    out.add(col(EVENT_TYPE));
    out.add(col(CHANNEL));
    out.add(coalesce(col(TOUCHPOINT), col(CHANNEL)).as(TOUCHPOINT));
    for (String c : List.of(CUSTOMER_ID, ANONYMOUS_ID, SESSION_ID, ORDER_ID, PRODUCT_ID)) {
      out.add(col(c));
    }
    out.add(p.quantity.as(QUANTITY));
    out.add(p.amount.as(AMOUNT));
    out.add(when(p.amount.isNotNull(), coalesce(col(CURRENCY), lit(settings.reportingCurrency()))).otherwise(col(CURRENCY)).as(CURRENCY));
    out.add(col(PAGE));
    out.add(when(col(EVENT_TYPE).equalTo(CONTACT), coalesce(col(CASE_ID), col(EVENT_ID))).otherwise(col(CASE_ID)).as(CASE_ID));
    out.add(p.waitSeconds.as(WAIT_SECONDS));
    out.add(p.handleSeconds.as(HANDLE_SECONDS));
    out.add(p.resolved.as(RESOLVED));
    out.add(col(SURVEY_TYPE));
    out.add(p.score.as(SCORE));
    out.add(col(REASON));
    out.add(p.date.as(DATE));
    out.add(col(SourceReader.SOURCE_FILE).as(EventContract.SOURCE_FILE));
    out.add(coalesce(col(Conform.LOADED), to_date(lit(asOfDate(settings).toString()))).as(LOADED_DATE));
    out.add(col(Conform.INPUT));
    out.add(col(SourceReader.BLOCK));
    out.add(col(SourceReader.ROW));
    // Rendering every record as JSON is costly; only rejected ones need their text.
    List<Column> asRead = new ArrayList<>();
    COLUMNS.forEach(c -> asRead.add(col(ORIGINAL + c).as(c)));
    out.add(when(col(BROKEN_RULE).isNotNull(), coalesce(col(Conform.RAW), to_json(struct(asRead.toArray(Column[]::new)))))
        .as(Conform.RAW));
    out.add(reason.as(RejectedContract.REJECT_REASON));
    out.add(detail.as(RejectedContract.REJECT_DETAIL));
    return judged.select(out.toArray(Column[]::new));
  }

  /** Index of the first rule a record breaks (null when it breaks none). */
  private static final String BROKEN_RULE = "_broken_rule";

  private record Rule(String reason, Column broken, Column detail) {}

  static java.time.LocalDate asOfDate(IngestSettings s) {
    return java.time.LocalDate.ofInstant(s.asOf(), s.reportingTimeZone());
  }

  /**
   * The latest acceptable event_time: the run's as-of time plus the tolerance; for input loaded
   * for a logical date, the end of that date (in the reporting zone) plus the tolerance, so that a
   * night's input is judged the same whether it is loaded that night or in a later backfill.
   */
  private static Column futureLimit(IngestSettings s) {
    long asOfMicros = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, s.asOf().plus(s.futureTolerance()));
    long toleranceMicros = s.futureTolerance().toNanos() / 1000;
    Column endOfLoadDate = to_utc_timestamp(date_add(col(Conform.LOADED), 1).cast("timestamp"),
        s.reportingTimeZone().getId());
    Column loadedLimit = timestamp_micros(org.apache.spark.sql.functions.unix_micros(endOfLoadDate)
        .plus(toleranceMicros - 1));
    return when(col(Conform.LOADED).isNull(), timestamp_micros(lit(asOfMicros))).otherwise(loadedLimit);
  }

  private static List<Rule> rules(Parsed p, IngestSettings s) {
    Column type = col(EVENT_TYPE);
    Column orderEvent = type.isin(ORDER_EVENT_TYPES.toArray());
    Column amountText = col(AMOUNT);
    List<Rule> r = new ArrayList<>();
    r.add(new Rule(MALFORMED_RECORD, col(SourceReader.CORRUPT).isNotNull(),
        lit("the record could not be parsed as the input format")));
    r.add(new Rule(MISSING_EVENT_ID, col(EVENT_ID).isNull(), lit("event_id is missing or blank")));
    r.add(new Rule(MISSING_EVENT_TIME, col(EVENT_TIME).isNull(), lit("event_time is missing or blank")));
    r.add(new Rule(INVALID_EVENT_TIME, p.time.isNull(),
        concat(lit("event_time '"), col(EVENT_TIME), lit("' is neither ISO-8601 nor epoch milliseconds"))));
    r.add(new Rule(FUTURE_EVENT_TIME, p.time.gt(futureLimit(s)), when(col(Conform.LOADED).isNull(),
        concat(lit("event_time "), col(EVENT_TIME), lit(" is more than " + s.futureTolerance()
            + " after the run's as-of time " + s.asOf())))
        .otherwise(concat(lit("event_time "), col(EVENT_TIME), lit(" is more than " + s.futureTolerance()
            + " after the end of its load date "), col(Conform.LOADED).cast("string")))));
    Column loadedDate = col(Conform.LOADED);
    r.add(new Rule(LATE_EVENT, loadedDate.isNotNull()
        .and(p.date.lt(date_sub(loadedDate, s.lateLookbackDays()))),
        concat(lit("event date "), p.date.cast("string"), lit(" is more than " + s.lateLookbackDays()
            + " day(s) before its load date "), loadedDate.cast("string"))));
    r.add(new Rule(UNKNOWN_EVENT_TYPE, coalesce(type.isin(EVENT_TYPES.toArray()), lit(false)).unary_$bang(),
        concat(lit("event_type '"), coalesce(type, lit("")), lit("' is not one of " + String.join(", ", EVENT_TYPES)))));
    r.add(new Rule(UNKNOWN_CHANNEL, coalesce(col(CHANNEL).isin(s.channels().toArray()), lit(false)).unary_$bang(),
        concat(lit("channel '"), coalesce(col(CHANNEL), lit("")), lit("' is not one of " + String.join(", ", s.channels())))));
    r.add(new Rule(MISSING_IDENTITY, col(CUSTOMER_ID).isNull().and(col(ANONYMOUS_ID).isNull()),
        lit("the event has neither customer_id nor anonymous_id")));
    r.add(new Rule(MISSING_IDENTITY, orderEvent.and(col(CUSTOMER_ID).isNull()),
        concat(lit("a "), type, lit(" needs a customer_id"))));
    r.add(new Rule(MISSING_ORDER_ID, orderEvent.and(col(ORDER_ID).isNull()),
        concat(lit("a "), type, lit(" needs an order_id"))));
    r.add(new Rule(INVALID_AMOUNT, orderEvent.and(amountText.isNull()),
        concat(lit("a "), type, lit(" needs an amount"))));
    r.add(new Rule(INVALID_AMOUNT, amountText.isNotNull().and(coalesce(p.amount.geq(0), lit(false)).unary_$bang()),
        concat(lit("amount '"), amountText, lit("' is not a non-negative decimal(18,2)"))));
    for (String c : List.of(QUANTITY, WAIT_SECONDS, HANDLE_SECONDS)) {
      Column parsed = p.byName(c);
      r.add(new Rule(INVALID_NUMBER, col(c).isNotNull().and(coalesce(parsed.geq(0), lit(false)).unary_$bang()),
          concat(lit(c + " '"), col(c), lit("' is not a non-negative whole number"))));
    }
    r.add(new Rule(INVALID_NUMBER, col(RESOLVED).isNotNull().and(p.resolved.isNull()),
        concat(lit("resolved '"), col(RESOLVED), lit("' is not a boolean"))));
    r.add(new Rule(INVALID_SCORE, type.equalTo(SURVEY).and(coalesce(col(SURVEY_TYPE).isin(SURVEY_TYPES.toArray()), lit(false)).unary_$bang()),
        concat(lit("survey_type '"), coalesce(col(SURVEY_TYPE), lit("")), lit("' is not one of " + String.join(", ", SURVEY_TYPES)))));
    r.add(new Rule(INVALID_SCORE, type.equalTo(SURVEY).and(col(SCORE).isNull()), lit("a survey needs a score")));
    r.add(new Rule(INVALID_SCORE, col(SCORE).isNotNull().and(coalesce(scoreInRange(p.score), lit(false)).unary_$bang()),
        concat(lit("score '"), col(SCORE), lit("' is outside the range of survey_type "), coalesce(col(SURVEY_TYPE), lit("(none)")))));
    return r;
  }

  private static Column scoreInRange(Column score) {
    Column inRange = lit(false);
    for (String t : SURVEY_TYPES) {
      inRange = inRange.or(col(SURVEY_TYPE).equalTo(t).and(score.between(minScore(t), maxScore(t))));
    }
    // A score on an event that is not a survey only has to be a number.
    return when(col(EVENT_TYPE).equalTo(SURVEY), inRange).otherwise(score.isNotNull());
  }

  /** Prefix of the contract columns' text as read, before normalisation. */
  private static final String ORIGINAL = "_read_";

  /**
   * Trimmed text, blank as null; the names that are codes in lower case, currency in upper case;
   * and each column as read, under {@link #ORIGINAL}.
   */
  private static Column[] normalizedText(Dataset<Row> conformed) {
    List<Column> cols = new ArrayList<>();
    COLUMNS.forEach(c -> cols.add(col(c).as(ORIGINAL + c)));
    for (String c : conformed.columns()) {
      if (!COLUMNS.contains(c)) {
        cols.add(col(c));
        continue;
      }
      Column t = trim(col(c));
      Column v = when(t.notEqual(""), t);
      if (c.equals(EVENT_TYPE) || c.equals(CHANNEL) || c.equals(SURVEY_TYPE) || c.equals(RESOLVED)) {
        v = lower(v);
      } else if (c.equals(CURRENCY)) {
        v = upper(v);
      }
      cols.add(v.as(c));
    }
    return cols.toArray(Column[]::new);
  }

  /**
   * The typed value of each column that is parsed (null where the text does not parse): computed
   * once by {@link #addTo}, then read by name.
   */
  private static final class Parsed {
    private static final String PREFIX = "_parsed_";
    private final java.util.Map<String, Column> expressions = new java.util.LinkedHashMap<>();
    final Column time;
    final Column quantity;
    final Column waitSeconds;
    final Column handleSeconds;
    final Column score;
    final Column amount;
    final Column resolved;
    /** Local date of the time in the reporting zone: the partition date. */
    final Column date;
    private final Column dateOfTime;

    Parsed(IngestSettings s) {
      this.time = define(EVENT_TIME, parseTime(col(EVENT_TIME), s.sourceTimeZone().getId()));
      // Read from the parsed time, so the date is added after it (see addTo).
      this.dateOfTime = to_date(from_utc_timestamp(time, s.reportingTimeZone().getId())).as(PREFIX + DATE);
      this.date = col(PREFIX + DATE);
      this.quantity = define(QUANTITY, wholeNumber(col(QUANTITY), DataTypes.IntegerType));
      this.waitSeconds = define(WAIT_SECONDS, wholeNumber(col(WAIT_SECONDS), DataTypes.LongType));
      this.handleSeconds = define(HANDLE_SECONDS, wholeNumber(col(HANDLE_SECONDS), DataTypes.LongType));
      this.score = define(SCORE, wholeNumber(col(SCORE), DataTypes.IntegerType));
      this.amount = define(AMOUNT, col(AMOUNT).try_cast(MONEY));
      this.resolved = define(RESOLVED, when(col(RESOLVED).rlike(TRUE_WORDS), lit(true))
          .when(col(RESOLVED).rlike(FALSE_WORDS), lit(false)));
    }

    private Column define(String name, Column expression) {
      expressions.put(PREFIX + name, expression);
      return col(PREFIX + name);
    }

    /**
     * Every column of the text and the parsed values beside them; then the date, from the parsed
     * time (computing it from the text again would parse the time twice).
     */
    Dataset<Row> addTo(Dataset<Row> text) {
      List<Column> cols = new ArrayList<>();
      cols.add(col("*"));
      expressions.forEach((name, e) -> cols.add(e.as(name)));
      return text.select(cols.toArray(Column[]::new)).select(col("*"), dateOfTime);
    }

    Column byName(String c) {
      return switch (c) {
        case QUANTITY -> quantity;
        case WAIT_SECONDS -> waitSeconds;
        case HANDLE_SECONDS -> handleSeconds;
        default -> throw new IllegalArgumentException(c);
      };
    }
  }

  private static Column wholeNumber(Column text, DataType type) {
    return when(text.rlike(WHOLE_NUMBER), regexp_replace(text, "\\.0*$", "").try_cast(type));
  }

  /** Parses event_time to a UTC instant; the session time zone must be UTC. */
  static Column parseTime(Column text, String sourceZone) {
    Column naive = text.try_cast(DataTypes.TimestampType);
    Column naiveInSource = sourceZone.equals("UTC") ? naive : to_utc_timestamp(naive, sourceZone);
    return when(text.rlike(EPOCH_MILLIS), timestamp_millis(text.try_cast(DataTypes.LongType)))
        .when(text.rlike(ISO_WITH_OFFSET), text.try_cast(DataTypes.TimestampType))
        .when(text.rlike(ISO_NAIVE), naiveInSource);
  }
}
