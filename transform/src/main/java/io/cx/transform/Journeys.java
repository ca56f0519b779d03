package io.cx.transform;

import static io.cx.ingest.EventContract.CASE_ID;
import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.CONTACT;
import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.ORDER_ID;
import static io.cx.ingest.EventContract.PAGE_VIEW;
import static io.cx.ingest.EventContract.PURCHASE;
import static io.cx.ingest.EventContract.RETURN;
import static io.cx.ingest.EventContract.SURVEY;
import static io.cx.ingest.EventContract.TOUCHPOINT;
import static io.cx.transform.EventsContract.JOURNEY_ID;
import static io.cx.transform.EventsContract.PERSON_KEY;
import static io.cx.transform.EventsContract.SESSION_KEY;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/** Purchase journeys: a person's events in time order, cut at each purchase and at long silences. */
public final class Journeys {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Journeys.class);

  private Journeys() {}

  /** Whether the event follows a purchase rather than leading to one. */
  public static final String POST_PURCHASE = "post_purchase";
  static final String HAS_NEXT = "_has_next";

  /** The column of the order_ids with a purchase ({@link CrossDateKeys#purchasedOrders}). */
  public static final String PURCHASED_ORDER = "_purchased_order";

  /**
   * The column of the case_ids one of whose contacts names a purchased order
   * ({@link CrossDateKeys#postPurchaseCases}): every contact of such a case is post-purchase.
   */
  public static final String POST_PURCHASE_CASE = "_post_purchase_case";

  /**
   * Marks {@link #POST_PURCHASE}: returns; surveys and social events (a review of the order) whose
   * order_id is the order_id of some purchase;
   * contacts that name such an order, or belong to a case any of whose contacts does. Given the
   * {@link CrossDateKeys#purchasedOrders} and {@link CrossDateKeys#postPurchaseCases} of all events. The events may be {@link Timeline#pack packed} (their case_id in the struct).
   * A {@link #PINNED} event keeps the status its published journey id gives it.
   */
  public static Dataset<Row> markPostPurchase(Dataset<Row> events, Dataset<Row> purchasedOrders,
      Dataset<Row> postPurchaseCases) {
    Column caseId = java.util.Arrays.asList(events.columns()).contains(CASE_ID) ? col(CASE_ID)
        : col(Timeline.CARRIED + "." + CASE_ID);
    Column contact = col(EVENT_TYPE).equalTo(CONTACT);
    Column refersToPurchase = col(EVENT_TYPE).isin(CONTACT, SURVEY, io.cx.ingest.EventContract.SOCIAL)
        .and(col(PURCHASED_ORDER).isNotNull());
    Column inPostPurchaseCase = contact.and(col(POST_PURCHASE_CASE).isNotNull());
    // One row per order and per case: broadcast, so the events keep their partitioning by person.
    Column marked = col(EVENT_TYPE).equalTo(RETURN).or(refersToPurchase).or(inPostPurchaseCase);
    return events.join(broadcast(purchasedOrders), col(ORDER_ID).equalTo(col(PURCHASED_ORDER)), "left")
        .join(broadcast(postPurchaseCases), contact.and(caseId.equalTo(col(POST_PURCHASE_CASE))), "left")
        .withColumn(POST_PURCHASE, when(col(PINNED), col(PINNED_JOURNEY).isNull()).otherwise(marked))
        .drop(PURCHASED_ORDER, POST_PURCHASE_CASE);
  }

  /** Helper columns: the time and type of the person's previous event that can be in a journey. */
  static final String PREV_TIME = "_prev_journey_time";
  static final String PREV_TYPE = "_prev_journey_type";

  private static Column inJourney() {
    return col(POST_PURCHASE).unary_$bang();
  }

  /**
   * First step along the {@link Timeline}, over the events before this one
   * ({@link #PREV_TIME}, {@link #PREV_TYPE}) and over all the person's events ({@link #HAS_NEXT}:
   * whether an event that can be in a journey comes after this one).
   */
  static Map<String, Column> lookAround(WindowSpec before, WindowSpec upToHere, WindowSpec all) {
    Column journeyEvents = count(when(inJourney(), lit(1)));
    Map<String, Column> cols = new LinkedHashMap<>();
    cols.put(PREV_TIME, last(when(inJourney(), col(EVENT_TIME)), true).over(before));
    cols.put(PREV_TYPE, last(when(inJourney(), col(EVENT_TYPE)), true).over(before));
    cols.put(HAS_NEXT, journeyEvents.over(all).gt(journeyEvents.over(upToHere)));
    return cols;
  }

  /**
   * Second step: the {@link EventsContract#JOURNEY_ID} of every event that is not post-purchase,
   * given the first step's columns, over the frame from the person's first event to this one. A
   * journey starts at a person's first event, after a purchase, and after a silence longer than
   * the timeout; it is named by the person and its first event. A {@link #PINNED} event keeps its
   * published journey, and the events after it continue that journey until one of the rules
   * starts another. The maximum length cuts the journeys further: see {@link #capLength}.
   */
  static Column id(WindowSpec upToHere, Duration timeout) {
    return when(inJourney(), last(when(col(PINNED), col(PINNED_JOURNEY))
        .when(inJourney().and(starts(timeout)), concat(col(PERSON_KEY), lit("|"), col(EVENT_ID))), true)
        .over(upToHere));
  }

  /** Second step too: the time of the first event of the journey {@link #id} names ({@link #STARTED}). */
  static Column startedAt(WindowSpec upToHere, Duration timeout) {
    return when(inJourney(), last(when(col(PINNED), col(PINNED_STARTED))
        .when(inJourney().and(starts(timeout)), col(EVENT_TIME)), true).over(upToHere));
  }

  /** Helper column: when the journey of {@link #id} started, before the maximum length cuts it. */
  static final String STARTED = "_journey_started";

  /**
   * Columns of the events a run by date re-derives from its read window: an event dated before
   * the window's open dates is <em>pinned</em> to its published journey ({@link #PINNED_JOURNEY},
   * null when it is post-purchase), which started at {@link #PINNED_STARTED}; the events after it
   * are cut from there. A run over every date pins nothing.
   */
  public static final String PINNED = "_pinned";
  public static final String PINNED_JOURNEY = "_pinned_journey";
  public static final String PINNED_STARTED = "_pinned_started";

  /** Adds the pin columns of a run that pins nothing, unless the events carry them already. */
  static Dataset<Row> unpinnedIfAbsent(Dataset<Row> events) {
    if (java.util.Arrays.asList(events.columns()).contains(PINNED)) {
      return events;
    }
    return events.withColumn(PINNED, lit(false)).withColumn(PINNED_JOURNEY, lit(null).cast("string"))
        .withColumn(PINNED_STARTED, lit(null).cast("timestamp"));
  }

  private static Column starts(Duration timeout) {
    return col(PREV_TIME).isNull()
        .or(col(PREV_TYPE).equalTo(PURCHASE))
        .or(Columns.moreThanApart(col(PREV_TIME), col(EVENT_TIME), timeout));
  }

  /**
   * Cuts the journeys that last longer than the maximum length: the rule is sequential (each cut
   * depends on where the previous piece began), which window functions cannot express. An event
   * more than the maximum length after the start of its uncut journey ({@link #STARTED}) is
   * <em>beyond</em>; the events before the first beyond one keep their journey, and the beyond
   * ones of each journey are cut in time order in plain Java ({@link #lengthCut}). Such events
   * are rare (a person active at least weekly for a month without buying), so they are counted
   * first: with none the events pass unchanged, with few their new ids are sent to every task.
   * {@code cut} is read twice: the caller keeps it.
   */
  static Dataset<Row> capLength(Dataset<Row> cut, TransformSettings s) {
    Column beyond = col(JOURNEY_ID).isNotNull().and(col(PINNED).unary_$bang())
        .and(Columns.moreThanApart(col(STARTED), col(EVENT_TIME), s.journeyMaxLength()));
    long beyondCount = cut.where(beyond).count();
    if (beyondCount == 0) {
      return cut.drop(STARTED, PINNED, PINNED_JOURNEY, PINNED_STARTED);
    }
    LOG.info("{} events come more than {} h after the start of their journey: cutting those journeys", beyondCount,
        s.journeyMaxLength().toHours());
    Column seq = col("_seq");
    Dataset<Row> recut = cut.where(beyond)
        .groupBy(col(PERSON_KEY), col(JOURNEY_ID))
        .agg(sort_array(collect_list(struct(col(EVENT_TIME), col(EVENT_ID)))).as("_seq"))
        .select(col(PERSON_KEY).as("_recut_person"), explode(arrays_zip(seq.getField(EVENT_ID).as("_recut_event"),
            lengthCut(s.journeyMaxLength()).apply(seq).as("_recut_first"))).as("_recut"))
        .select(col("_recut_person"), col("_recut._recut_event").as("_recut_event"),
            concat(col("_recut_person"), lit("|"), col("_recut._recut_first")).as("_recut_journey"));
    Dataset<Row> ids = beyondCount <= ChangedDetail.BROADCAST_ROWS ? broadcast(recut) : recut;
    return cut.join(ids, col(PERSON_KEY).equalTo(col("_recut_person")).and(col(EVENT_ID).equalTo(col("_recut_event"))),
            "left")
        .withColumn(JOURNEY_ID, coalesce(col("_recut_journey"), col(JOURNEY_ID)))
        .drop("_recut_person", "_recut_event", "_recut_journey", STARTED, PINNED, PINNED_JOURNEY, PINNED_STARTED);
  }

  /**
   * The sequential cut of {@link #capLength}, as a function of a journey's beyond events (an array
   * of (event_time, event_id) in time order) giving each one the event_id of its piece's first event.
   */
  private static UserDefinedFunction lengthCut(Duration maxLength) {
    long maxMicros = Columns.micros(maxLength);
    return udf((UDF1<scala.collection.Seq<Row>, List<String>>) events -> {
      List<Long> micros = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(events).forEach(e -> {
        micros.add(Columns.micros(e.getTimestamp(0).toInstant()));
        ids.add(e.getString(1));
      });
      return firstEvents(micros, ids, maxMicros);
    }, DataTypes.createArrayType(DataTypes.StringType));
  }

  /**
   * For events in time order (their times in microseconds), the id of the first event of each
   * one's piece: a piece starts at the first event, and again at each event more than
   * {@code maxMicros} after the start of the current piece.
   */
  static List<String> firstEvents(List<Long> micros, List<String> ids, long maxMicros) {
    List<String> first = new ArrayList<>(ids.size());
    long start = 0;
    String startId = null;
    for (int i = 0; i < ids.size(); i++) {
      if (startId == null || micros.get(i) - start > maxMicros) {
        start = micros.get(i);
        startId = ids.get(i);
      }
      first.add(startId);
    }
    return first;
  }

  /**
   * Settings to plan {@link #table} with ({@link io.cx.spark.PlannerSettings#during}). Its
   * aggregate collects lists, which Spark plans as an object-hash aggregate by default; with more
   * than 128 journeys per task that falls back to sorting anyway, and then builds a new aggregation
   * buffer per journey. A sort aggregate reuses one buffer: about 30 % less time for the journeys
   * at 2 M events. Not set for the whole session: the KPI tables' small percentile aggregates
   * would then sort all their input.
   */
  public static final Map<String, String> PLANNING = Map.of("spark.sql.execution.useObjectHashAggregateExec", "false");

  /** One row per journey, from events that carry journey ids; plan it with {@link #PLANNING}. */
  public static Dataset<Row> table(Dataset<Row> events, TransformSettings s) {
    // The journey's events in time order (ties by event_id): its first and last event give the
    // times, channels, outcome and order, so no aggregate compares (time, id) orderings per event.
    // A journey holds at most one purchase, its last event (a purchase ends the journey).
    Column path = sort_array(collect_list(Columns.inTimeOrder(col(TOUCHPOINT), col(CHANNEL), col(EVENT_TYPE),
        col(HAS_NEXT), col(ORDER_ID))));
    // A journey belongs to one person: grouping by the person too lets events that are already
    // partitioned by person (as enrich leaves them) be aggregated where they are.
    Dataset<Row> j = events.where(col(JOURNEY_ID).isNotNull()).groupBy(col(PERSON_KEY), col(JOURNEY_ID)).agg(
            path.as("_path"),
            count(when(col(EVENT_TYPE).equalTo(PAGE_VIEW), 1)).as(JourneysContract.PAGE_VIEWS_BEFORE_PURCHASE),
            size(collect_set(col(SESSION_KEY))).cast("long").as(JourneysContract.SESSIONS))
        .withColumn("_first", element_at(col("_path"), 1))
        .withColumn("_last", element_at(col("_path"), -1))
        .withColumn(JourneysContract.STARTED_AT, col("_first").getField(EVENT_TIME))
        .withColumn(JourneysContract.ENDED_AT, col("_last").getField(EVENT_TIME))
        .withColumn("_last_type", col("_last").getField(EVENT_TYPE))
        .withColumn("_continued", col("_last").getField(HAS_NEXT))
        .withColumn(JourneysContract.ORDER_ID, col("_last").getField(ORDER_ID))
        .withColumn(JourneysContract.FIRST_CHANNEL, col("_first").getField(CHANNEL))
        .withColumn(JourneysContract.LAST_CHANNEL, col("_last").getField(CHANNEL))
        .withColumn(JourneysContract.EVENTS, size(col("_path")).cast("long"));
    Column purchased = col("_last_type").equalTo(PURCHASE);
    Column quietSince = Columns.moreThanApart(col(JourneysContract.ENDED_AT), Columns.instant(s.asOf()), s.journeyTimeout());
    return j
        .withColumn(JourneysContract.OUTCOME, when(purchased, lit(JourneysContract.PURCHASED))
            .when(col("_continued").or(quietSince), lit(JourneysContract.NOT_PURCHASED))
            .otherwise(lit(JourneysContract.OPEN)))
        .withColumn(JourneysContract.ORDER_ID, when(purchased, col(JourneysContract.ORDER_ID)))
        // A field of an array of structs reads as the array of that field, in generated code (a
        // transform lambda would be evaluated interpreted, element by element).
        .withColumn(JourneysContract.TOUCHPOINTS, col("_path").getField(TOUCHPOINT))
        .withColumn(JourneysContract.CHANNELS, array_distinct(col("_path").getField(CHANNEL)))
        .withColumn(JourneysContract.DATE, Columns.localDate(col(JourneysContract.ENDED_AT), s.reportingTimeZone()))
        .select(col(JourneysContract.JOURNEY_ID), col(JourneysContract.PERSON_KEY), col(JourneysContract.STARTED_AT),
            col(JourneysContract.ENDED_AT), col(JourneysContract.OUTCOME), col(JourneysContract.ORDER_ID),
            col(JourneysContract.TOUCHPOINTS), col(JourneysContract.CHANNELS), col(JourneysContract.FIRST_CHANNEL),
            col(JourneysContract.LAST_CHANNEL), col(JourneysContract.EVENTS),
            col(JourneysContract.PAGE_VIEWS_BEFORE_PURCHASE), col(JourneysContract.SESSIONS), col(JourneysContract.DATE));
  }

  /**
   * Published journeys as of a later run whose events did not change: an {@code open} journey
   * whose last event is now more than the timeout before the as-of time becomes
   * {@code not_purchased} (the rule of {@link #table}); every other journey stays as it is.
   */
  public static Dataset<Row> reassessOpen(Dataset<Row> journeys, TransformSettings s) {
    Column quiet = Columns.moreThanApart(col(JourneysContract.ENDED_AT), Columns.instant(s.asOf()), s.journeyTimeout());
    return journeys.withColumn(JourneysContract.OUTCOME,
        when(col(JourneysContract.OUTCOME).equalTo(JourneysContract.OPEN).and(quiet), lit(JourneysContract.NOT_PURCHASED))
            .otherwise(col(JourneysContract.OUTCOME)));
  }

  /** Drops the helper columns journey assignment leaves on events. */
  public static Dataset<Row> withoutHelpers(Dataset<Row> events) {
    return events.drop(HAS_NEXT, POST_PURCHASE);
  }
}
