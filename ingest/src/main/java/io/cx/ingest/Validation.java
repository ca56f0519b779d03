package io.cx.ingest;

import static io.cx.ingest.EventContract.*;
import static io.cx.ingest.RejectReasons.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.nullif;
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
import java.util.function.Function;
import java.util.function.IntFunction;
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
   *     and, for a rejected record only, {@link #REJECTED_INPUT}: what {@link #withReason},
   *     {@link #rawRecord()} and {@link #rejectDetail} describe it from
   */
  public static Dataset<Row> validate(Dataset<Row> conformed, IngestSettings settings) {
    // Three projections, each value computed once: the normalised text; the parsed values; the
    // first broken rule. Catalyst keeps a projection apart when the next one reads its costly
    // columns more than once, so a parse or a regex is not repeated in every rule that uses it.
    //
    // Spark generates one Java method per stage for all the projections in a row, and the JIT
    // compilers give up on methods this large: C1 ran out of virtual registers above about 10 KB
    // of bytecode, C2 out of nodes; after both gave up the method ran interpreted, and ingest took
    // three times as long (docs/performance.md). So the method is kept small: a rejection's
    // reason, detail and raw text are built later (withReason, rejectDetail, rawRecord),
    // and the parsing and the judging are compiled as two methods, split by observing a count
    // between them (Spark's CollectMetrics operator is not code-generated, so it ends a stage's
    // method; the count itself is not read). The columns as read travel as one struct, built
    // while reading: as 24 columns of their own they were copied field by field into the rejected
    // record's struct in the judging method, about 1.2 KB of its bytecode (IngestTest measures it).
    Dataset<Row> text = conformed.select(normalizedText(conformed));
    Parsed p = new Parsed(settings);
    Dataset<Row> parsed = p.addTo(text).observe(
        "validation-parsed-" + java.util.UUID.randomUUID(), count(lit(1)).as("records"));
    List<Rule> rules = rules(p, settings);
    // The first rule broken wins.
    Column broken = perRule(rules.size(), i -> rules.get(i).broken, i -> lit(i));
    Dataset<Row> judged = parsed.withColumn(BROKEN_RULE, broken);
    List<Column> kept = new ArrayList<>();
    kept.add(col(BROKEN_RULE).as(BROKEN_RULE));
    // Rendering a record as JSON is costly, so only rejected ones are, and later (rawRecord): this
    // method keeps the columns as read, from which the details quote values too (rejectDetail).
    kept.add(col(Conform.RAW).as(Conform.RAW));
    kept.add(col(AS_READ).as(AS_READ));
    kept.add(col(Conform.LOADED).as(Conform.LOADED));
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
    out.add(col(ENGAGEMENT));
    out.add(p.sentiment.as(SENTIMENT));
    out.add(col(REFERRAL_CODE));
    out.add(p.date.as(DATE));
    out.add(col(SourceReader.SOURCE_FILE).as(EventContract.SOURCE_FILE));
    out.add(coalesce(col(Conform.LOADED), to_date(lit(asOfDate(settings).toString()))).as(LOADED_DATE));
    out.add(col(Conform.INPUT));
    out.add(col(SourceReader.BLOCK));
    out.add(col(SourceReader.ROW));
    out.add(when(col(BROKEN_RULE).isNotNull(), struct(kept.toArray(Column[]::new))).as(REJECTED_INPUT));
    return judged.select(out.toArray(Column[]::new));
  }

  /**
   * A rejected record's input, kept beside its parsed columns (null for a valid record): the index
   * of the rule it broke, the reader's raw text if any, the contract columns as read (see {@link
   * #rawRecord()}) and its load date.
   */
  static final String REJECTED_INPUT = "_rejected_input";

  /** The field of {@link #REJECTED_INPUT} holding the contract columns as read. */
  private static final String AS_READ = "_as_read";

  /**
   * The validated records with {@link RejectedContract#REJECT_REASON}: the reason of the first rule
   * a record broke, null for a valid record.
   */
  public static Dataset<Row> withReason(Dataset<Row> validated, IngestSettings settings) {
    List<Rule> rules = rules(new Parsed(settings), settings);
    Column rule = col(REJECTED_INPUT).getField(BROKEN_RULE);
    return validated.withColumn(RejectedContract.REJECT_REASON,
        perRule(rules.size(), i -> rule.equalTo(i), i -> lit(rules.get(i).reason)));
  }

  /**
   * The record as read, for the rejected table: the reader's raw text (a CSV line, a record that is
   * not valid JSON) or else the contract columns as read, rendered as JSON. Reads {@link
   * #REJECTED_INPUT}, so only rejected records have one.
   */
  public static Column rawRecord() {
    Column input = col(REJECTED_INPUT);
    return coalesce(input.getField(Conform.RAW), to_json(input.getField(AS_READ)));
  }

  /**
   * Why the record was rejected, naming the value: the detail of the rule it broke, from {@link
   * #REJECTED_INPUT} (the date is the record's {@link EventContract#DATE}).
   */
  public static Column rejectDetail(IngestSettings settings) {
    Column input = col(REJECTED_INPUT);
    Column asRead = input.getField(AS_READ);
    Texts kept = new Texts(c -> c.equals(Conform.RAW) ? input.getField(c) : normalised(c, asRead.getField(c)),
        input.getField(Conform.LOADED), col(DATE));
    List<Rule> rules = rules(new Parsed(settings), settings);
    Column rule = input.getField(BROKEN_RULE);
    return perRule(rules.size(), i -> rule.equalTo(i), i -> rules.get(i).detail.apply(kept));
  }

  /**
   * One CASE with a branch per rule index, in order ({@code WHEN condition(i) THEN value(i)}), null
   * when no condition holds: one expression, not a nest of CASEs that each add generated code.
   */
  private static Column perRule(int rules, IntFunction<Column> condition, IntFunction<Column> value) {
    Column c = when(condition.apply(0), value.apply(0));
    for (int i = 1; i < rules; i++) {
      c = c.when(condition.apply(i), value.apply(i));
    }
    return c;
  }

  /** Index of the first rule a record breaks (null when it breaks none). */
  private static final String BROKEN_RULE = "_broken_rule";

  /**
   * A rule: its reason, the condition under which a record breaks it (over the validation's
   * columns), and its detail, built from wherever the record's text is read.
   */
  private record Rule(String reason, Column broken, Function<Texts, Column> detail) {}

  /** Where a detail reads a column's normalised text, the load date and the event date. */
  private record Texts(Function<String, Column> text, Column loaded, Column date) {}

  private static long micros(java.time.Instant t) {
    return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t);
  }

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
        t -> when(JsonLines.isArray(t.text.apply(Conform.RAW)),
            lit("a JSON array on one line: each line must hold one JSON object (one event)"))
            .otherwise(lit("the record could not be parsed as the input format"))));
    r.add(new Rule(MISSING_EVENT_ID, col(EVENT_ID).isNull(), t -> lit("event_id is missing or blank")));
    r.add(new Rule(MISSING_EVENT_TIME, col(EVENT_TIME).isNull(), t -> lit("event_time is missing or blank")));
    r.add(new Rule(INVALID_EVENT_TIME, p.time.isNull(), t -> concat(lit("event_time '"), t.text.apply(EVENT_TIME),
        lit("' is neither ISO-8601 nor epoch milliseconds"))));
    r.add(new Rule(INVALID_EVENT_TIME, p.time.lt(timestamp_micros(lit(micros(s.earliestEventTime())))),
        t -> concat(lit("event_time "), t.text.apply(EVENT_TIME), lit(" is before the earliest plausible time "
            + s.earliestEventTime() + " (ingest.earliest-event-time)"))));
    r.add(new Rule(FUTURE_EVENT_TIME, p.time.gt(futureLimit(s)), t -> when(t.loaded.isNull(),
        concat(lit("event_time "), t.text.apply(EVENT_TIME), lit(" is more than " + s.futureTolerance()
            + " after the run's as-of time " + s.asOf())))
        .otherwise(concat(lit("event_time "), t.text.apply(EVENT_TIME), lit(" is more than " + s.futureTolerance()
            + " after the end of its load date "), t.loaded.cast("string")))));
    Column loadedDate = col(Conform.LOADED);
    r.add(new Rule(LATE_EVENT, loadedDate.isNotNull().and(p.date.lt(date_sub(loadedDate, s.lateLookbackDays()))),
        t -> concat(lit("event date "), t.date.cast("string"), lit(" is more than " + s.lateLookbackDays()
            + " day(s) before its load date "), t.loaded.cast("string"))));
    r.add(new Rule(UNKNOWN_EVENT_TYPE, coalesce(type.isin(EVENT_TYPES.toArray()), lit(false)).unary_$bang(),
        t -> concat(lit("event_type '"), coalesce(t.text.apply(EVENT_TYPE), lit("")),
            lit("' is not one of " + String.join(", ", EVENT_TYPES)))));
    r.add(new Rule(UNKNOWN_CHANNEL, coalesce(col(CHANNEL).isin(s.channels().toArray()), lit(false)).unary_$bang(),
        t -> concat(lit("channel '"), coalesce(t.text.apply(CHANNEL), lit("")),
            lit("' is not one of " + String.join(", ", s.channels())))));
    r.add(new Rule(MISSING_IDENTITY, col(CUSTOMER_ID).isNull().and(col(ANONYMOUS_ID).isNull()),
        t -> lit("the event has neither customer_id nor anonymous_id")));
    r.add(new Rule(MISSING_IDENTITY, orderEvent.or(type.equalTo(REFERRAL)).and(col(CUSTOMER_ID).isNull()),
        t -> concat(lit("a "), t.text.apply(EVENT_TYPE), lit(" needs a customer_id"))));
    r.add(new Rule(MISSING_ORDER_ID, orderEvent.and(col(ORDER_ID).isNull()),
        t -> concat(lit("a "), t.text.apply(EVENT_TYPE), lit(" needs an order_id"))));
    r.add(new Rule(INVALID_AMOUNT, orderEvent.and(amountText.isNull()),
        t -> concat(lit("a "), t.text.apply(EVENT_TYPE), lit(" needs an amount"))));
    r.add(new Rule(INVALID_AMOUNT, amountText.isNotNull().and(coalesce(p.amount.between(lit(0),
        lit(s.maxAmount())), lit(false)).unary_$bang()),
        t -> concat(lit("amount '"), t.text.apply(AMOUNT), lit("' is not a decimal from 0 to "
            + s.maxAmount().toPlainString() + " (ingest.max-amount)"))));
    for (String c : List.of(QUANTITY, WAIT_SECONDS, HANDLE_SECONDS)) {
      Column parsed = p.byName(c);
      r.add(new Rule(INVALID_NUMBER, col(c).isNotNull().and(coalesce(parsed.geq(0), lit(false)).unary_$bang()),
          t -> concat(lit(c + " '"), t.text.apply(c), lit("' is not a non-negative whole number"))));
    }
    r.add(new Rule(INVALID_NUMBER, col(RESOLVED).isNotNull().and(p.resolved.isNull()),
        t -> concat(lit("resolved '"), t.text.apply(RESOLVED), lit("' is not a boolean"))));
    r.add(new Rule(INVALID_SCORE, type.equalTo(SURVEY).and(coalesce(col(SURVEY_TYPE).isin(SURVEY_TYPES.toArray()), lit(false)).unary_$bang()),
        t -> concat(lit("survey_type '"), coalesce(t.text.apply(SURVEY_TYPE), lit("")),
            lit("' is not one of " + String.join(", ", SURVEY_TYPES)))));
    r.add(new Rule(INVALID_SCORE, type.equalTo(SURVEY).and(col(SCORE).isNull()), t -> lit("a survey needs a score")));
    r.add(new Rule(INVALID_SCORE, col(SCORE).isNotNull().and(coalesce(scoreInRange(p.score), lit(false)).unary_$bang()),
        t -> concat(lit("score '"), t.text.apply(SCORE), lit("' is outside the range of survey_type "),
            coalesce(t.text.apply(SURVEY_TYPE), lit("(none)")))));
    String engagements = " one of " + String.join(", ", s.engagements()) + " (ingest.engagements)";
    r.add(new Rule(MISSING_ENGAGEMENT, type.equalTo(SOCIAL).and(coalesce(col(ENGAGEMENT).isin(
        s.engagements().toArray()), lit(false)).unary_$bang()),
        t -> when(t.text.apply(ENGAGEMENT).isNull(), lit("a social event needs an engagement," + engagements))
            .otherwise(concat(lit("engagement '"), t.text.apply(ENGAGEMENT), lit("' is not" + engagements)))));
    r.add(new Rule(MISSING_REFERRAL_CODE, type.equalTo(REFERRAL).and(col(REFERRAL_CODE).isNull()),
        t -> lit("a referral needs a referral_code")));
    r.add(new Rule(INVALID_SENTIMENT, col(SENTIMENT).isNotNull().and(
        coalesce(p.sentiment.between(MIN_SENTIMENT, MAX_SENTIMENT), lit(false)).unary_$bang()),
        t -> concat(lit("sentiment '"), t.text.apply(SENTIMENT), lit("' is not a number from -1 to 1"))));
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

  /**
   * Trimmed text, blank as null; the names that are codes in lower case, currency in upper case;
   * and the contract columns as read, as one struct {@link #AS_READ}.
   */
  private static Column[] normalizedText(Dataset<Row> conformed) {
    List<Column> cols = new ArrayList<>();
    cols.add(struct(COLUMNS.stream().map(c -> col(c).as(c)).toArray(Column[]::new)).as(AS_READ));
    for (String c : conformed.columns()) {
      if (!COLUMNS.contains(c)) {
        cols.add(col(c));
        continue;
      }
      cols.add(normalised(c, col(c)).as(c));
    }
    return cols.toArray(Column[]::new);
  }

  /** The text of contract column {@code c} trimmed, blank as null, a code in lower case, currency in upper. */
  private static Column normalised(String c, Column asRead) {
    Column v = nullif(trim(asRead), lit(""));
    if (c.equals(EVENT_TYPE) || c.equals(CHANNEL) || c.equals(SURVEY_TYPE) || c.equals(RESOLVED)
        || c.equals(ENGAGEMENT)) {
      return lower(v);
    }
    return c.equals(CURRENCY) ? upper(v) : v;
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
    final Column sentiment;
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
      this.sentiment = define(SENTIMENT, col(SENTIMENT).try_cast(DataTypes.DoubleType));
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
