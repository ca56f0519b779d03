package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.cx.ingest.EventContract;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * What links events across dates, kept small: an internal table ({@link #TABLE}) that every run
 * publishes with the others, so that a run by date reads it instead of every published event.
 *
 * <p>Five kinds of rows, each dated by the earliest event that gives it:
 * <ul>
 *   <li>{@link #LINK}: the first link of each run of links of an anonymous_id ({@code key}) to one
 *       customer ({@code value}), at {@code at}: the {@link Identity#links stitching links};</li>
 *   <li>{@link #PURCHASE}: an order_id ({@code key}) that has a purchase;</li>
 *   <li>{@link #CASE_ORDER}: a support case ({@code key}) one of whose contacts names an order_id
 *       ({@code value}).</li>
 *   <li>{@link #FIRST_SEEN}: a person_key ({@code key}) dated by the person's first event;</li>
 *   <li>{@link #FIRST_CART}: a person_key ({@code key}) dated by the person's first add_to_cart or
 *       checkout.</li>
 * </ul>
 *
 * <p>The first three are keyed by what clean events carry ({@link #of}), the {@link #PERSON_KINDS}
 * by the person_key that stitching gives them ({@link #ofPersons}): a person's events dated before
 * a run by date's {@link ReadWindow#readFrom} are final, person_key included, so the same holds of
 * them as of the others.
 *
 * <p>The rows of some events are their {@link #of compacted} key rows. A key's rows depend only
 * on the events with that key, and compacting is the same whether it starts from events or from
 * compacted rows: the rows dated before some date are the compacted rows of the events before
 * it, whatever comes later. So a run by date, which reads the events from its
 * {@link ReadWindow#readFrom} on, keeps the published rows of every key its records do not carry
 * and derives the others from their published rows dated before that and its window's events
 * ({@link #changed}, {@link Current}).
 */
public final class CrossDateKeys {
  private CrossDateKeys() {}

  /** The internal table: a leading underscore hides it from readers that list the output's tables. */
  public static final String TABLE = "_cross_date_keys";

  public static final String KIND = "kind";
  public static final String KEY = "key";
  public static final String VALUE = "value";
  public static final String AT = "at";
  public static final String DATE = "date";
  /** The partition column, {@code YYYY-MM} of the date: a run by date rewrites the months it reads. */
  public static final String MONTH = "month";

  /** The published table's columns. */
  public static final org.apache.spark.sql.types.StructType SCHEMA = new org.apache.spark.sql.types.StructType()
      .add(KIND, "string").add(KEY, "string").add(VALUE, "string").add(AT, "timestamp").add(DATE, "date")
      .add(MONTH, "string");

  /**
   * One file per month, restated date by date; written by a task per month, not as an aggregate:
   * one task for the whole table would also run the aggregation of every person's events before
   * it (the {@link #PERSON_KINDS} rows of a full run).
   */
  public static final TableLayout LAYOUT = TableLayout.dated(MONTH, DATE);

  public static final String LINK = "link";
  public static final String PURCHASE = "purchase";
  public static final String CASE_ORDER = "case_order";
  public static final String FIRST_SEEN = "first_seen";
  public static final String FIRST_CART = "first_cart";
  /** The kinds keyed by person_key: when each person was first seen, and first put something in a cart. */
  public static final java.util.List<String> PERSON_KINDS = java.util.List.of(FIRST_SEEN, FIRST_CART);

  /**
   * A run by date rewrites the months from the first date it reads: the read window, a journey
   * maximum length and a day before the journeys' horizon, back to the first day of its month.
   */
  public static final Horizon HORIZON = new Horizon(
      "the read window of a run by date (journeys' horizon + journey-max-length + 1 day), back to the first day of"
          + " that month",
      w -> Optional.of(java.time.Duration.ofDays(ReadWindow.daysRead(w))), d -> d.withDayOfMonth(1));

  /** The compacted key rows of some clean events (columns {@link #KIND} .. {@link #DATE}). */
  public static Dataset<Row> of(Dataset<Row> events) {
    return compact(raw(events));
  }

  /**
   * The compacted {@link #PERSON_KINDS} rows of some events with their person keys (published
   * events): one aggregation, one row per person and kind (a union of two selections from it would
   * read and aggregate the events twice).
   */
  public static Dataset<Row> ofPersons(Dataset<Row> events) {
    Column carted = col(EventContract.EVENT_TYPE).isin(EventContract.ADD_TO_CART, EventContract.CHECKOUT);
    Column noValue = lit(null).cast("string");
    Column noTime = lit(null).cast("timestamp");
    return events.groupBy(col(EventsContract.PERSON_KEY).as(KEY))
        .agg(min(col(EventContract.DATE)).as("_seen"), min(functions.when(carted, col(EventContract.DATE))).as("_cart"))
        .select(col(KEY), functions.explode(functions.array(
            struct(lit(FIRST_SEEN).as(KIND), col("_seen").as(DATE)),
            struct(lit(FIRST_CART).as(KIND), col("_cart").as(DATE)))).as("_first"))
        .where(col("_first." + DATE).isNotNull())
        .select(col("_first." + KIND).as(KIND), col(KEY), noValue.as(VALUE), noTime.as(AT), col("_first." + DATE).as(DATE));
  }

  /**
   * When each person of some {@link #PERSON_KINDS} rows was first seen ({@link #FIRST_SEEN_DATE})
   * and first carted ({@link #FIRST_CART_DATE}, null if never), one row per person ({@link #PERSON}).
   */
  public static Dataset<Row> firsts(Dataset<Row> keys) {
    Column kind = col(KIND);
    return keys.where(kind.isin(PERSON_KINDS.toArray()))
        .groupBy(col(KEY).as(PERSON))
        .agg(min(functions.when(kind.equalTo(FIRST_SEEN), col(DATE))).as(FIRST_SEEN_DATE),
            min(functions.when(kind.equalTo(FIRST_CART), col(DATE))).as(FIRST_CART_DATE));
  }

  /** The columns of {@link #firsts}. */
  public static final String PERSON = EventsContract.PERSON_KEY;
  public static final String FIRST_SEEN_DATE = "first_seen_date";
  public static final String FIRST_CART_DATE = "first_cart_date";

  /** The rows as published: the key rows and their month. */
  public static Dataset<Row> published(Dataset<Row> keys) {
    return keys.select(col(KIND), col(KEY), col(VALUE), col(AT), col(DATE),
        Columns.monthOf(col(DATE)).as(MONTH));
  }

  /**
   * The stitching links of the anonymous_ids of some key rows, as {@link Identity#links} gives
   * them: one row per anonymous_id, its run starts in time order.
   */
  public static Dataset<Row> links(Dataset<Row> keys) {
    return keys.where(col(KIND).equalTo(LINK))
        .groupBy(col(KEY).as(Identity.LINK_ANON))
        .agg(sort_array(collect_list(struct(col(AT).as(Identity.LINK_TIME), col(VALUE).as(Identity.LINKED))))
            .as(Identity.LINKS));
  }

  /** The order_ids with a purchase, in column {@link Journeys#PURCHASED_ORDER}. */
  public static Dataset<Row> purchasedOrders(Dataset<Row> keys) {
    return keys.where(col(KIND).equalTo(PURCHASE)).select(col(KEY).as(Journeys.PURCHASED_ORDER)).distinct();
  }

  /**
   * The case_ids one of whose contacts names one of the {@code purchasedOrders}, in column
   * {@link Journeys#POST_PURCHASE_CASE}: every contact of such a case is post-purchase.
   */
  public static Dataset<Row> postPurchaseCases(Dataset<Row> keys, Dataset<Row> purchasedOrders) {
    return keys.where(col(KIND).equalTo(CASE_ORDER))
        .join(purchasedOrders, col(VALUE).equalTo(col(Journeys.PURCHASED_ORDER)), "left_semi")
        .select(col(KEY).as(Journeys.POST_PURCHASE_CASE)).distinct();
  }

  /** {@link #named} rows of a contact's case_id, and of an order_id any event names. */
  static final String NAMED_CASE = "case";
  static final String NAMED_ORDER = "order";

  /**
   * The case_ids of the contacts among some events and the order_ids they name, as (kind, key)
   * rows ({@link #NAMED_CASE}, {@link #NAMED_ORDER}): what a run by date looks up in the key rows
   * to mark its events post-purchase.
   */
  public static Dataset<Row> named(Dataset<Row> events) {
    Column caseOfContact = functions.when(col(EventContract.EVENT_TYPE).equalTo(EventContract.CONTACT),
        col(EventContract.CASE_ID));
    return events.select(functions.explode(functions.array(
            struct(lit(NAMED_CASE).as(KIND), caseOfContact.as(KEY)),
            struct(lit(NAMED_ORDER).as(KIND), col(EventContract.ORDER_ID).as(KEY)))).as("_n"))
        .select(col("_n." + KIND).as(KIND), col("_n." + KEY).as(KEY))
        .where(col(KEY).isNotNull()).distinct();
  }

  /**
   * The keys whose rows a change of some events can change, as (kind, key) rows: the
   * anonymous_ids, order_ids and contacts' case_ids of the events added and removed
   * ({@code seeds}: their {@link AffectedPersons#seeds}).
   */
  public static Dataset<Row> touched(Dataset<Row> seeds) {
    Column kind = col(AffectedPersons.KIND);
    return seeds.where(kind.isin("a", "o", "k"))
        .select(functions.when(kind.equalTo("a"), lit(LINK)).when(kind.equalTo("o"), lit(PURCHASE))
            .otherwise(lit(CASE_ORDER)).as(KIND), col(AffectedPersons.VALUE).as(KEY))
        .distinct();
  }

  /**
   * The rows of the {@link #touched} keys after a change, from their published rows dated before
   * {@code readFrom} and the events from then on ({@code after}: those of the run's read window,
   * after the change): the events before it are final.
   */
  public static Dataset<Row> changed(Dataset<Row> published, Dataset<Row> touched, Dataset<Row> after,
      LocalDate readFrom) {
    return changedFrom(published, touched, raw(after), readFrom);
  }

  /**
   * The {@link #PERSON_KINDS} keys of some persons (one column of person_keys), as (kind, key)
   * rows: those of the persons a run by date re-derives.
   */
  public static Dataset<Row> touchedPersons(Dataset<Row> persons) {
    Dataset<Row> key = persons.toDF(KEY);
    return key.select(lit(FIRST_SEEN).as(KIND), col(KEY)).unionByName(key.select(lit(FIRST_CART).as(KIND), col(KEY)));
  }

  /**
   * {@link #changed} for the {@link #touchedPersons}: from their published rows dated before
   * {@code readFrom} and their events from then on after the change ({@code after}, published
   * events with person keys: every event of the read window of each touched person).
   */
  public static Dataset<Row> changedPersons(Dataset<Row> published, Dataset<Row> touched, Dataset<Row> after,
      LocalDate readFrom) {
    return changedFrom(published, touched, ofPersons(after), readFrom);
  }

  private static Dataset<Row> changedFrom(Dataset<Row> published, Dataset<Row> touched, Dataset<Row> rawAfter,
      LocalDate readFrom) {
    return compact(byKey(published.where(col(DATE).lt(lit(java.sql.Date.valueOf(readFrom)))), touched, "left_semi")
        .unionByName(byKey(rawAfter, touched, "left_semi")));
  }

  /**
   * The key rows after a run by date's change: the published rows of the keys it did not touch,
   * and the {@link #changed} rows of those it did. A key's rows depend only on the events with
   * that key, so the untouched ones are as published.
   */
  public record Current(Dataset<Row> untouched, Dataset<Row> changed) {

    /** {@code published} without the {@code touched} keys, and their {@code changed} rows. */
    public static Current of(Dataset<Row> published, Dataset<Row> touched, Dataset<Row> changed) {
      return new Current(byKey(published, touched, "left_anti"), changed);
    }

    /** Every key row. */
    public Dataset<Row> rows() {
      return untouched.unionByName(changed);
    }

    /** The rows of the {@code kind}'s keys in the one column of {@code keys}. */
    public Dataset<Row> of(String kind, Dataset<Row> keys) {
      Dataset<Row> wanted = keys.toDF("_wanted_key");
      return rows().where(col(KIND).equalTo(kind)).join(wanted, col(KEY).equalTo(col("_wanted_key")), "left_semi");
    }

    /** The stitching links of some anonymous_ids (one column). */
    public Dataset<Row> linksOf(Dataset<Row> anonymousIds) {
      return links(of(LINK, anonymousIds));
    }

    /**
     * The case rows of the cases of the contacts among some {@link #named} rows: a contact without
     * an order_id is post-purchase when another contact of its case names a purchased order.
     */
    public Dataset<Row> casesOf(Dataset<Row> named) {
      return of(CASE_ORDER, named.where(col(KIND).equalTo(NAMED_CASE)).select(col(KEY)));
    }

    /** The purchased orders among those some {@link #named} rows and their cases ({@link #casesOf}) name. */
    public Dataset<Row> purchasedAmong(Dataset<Row> named, Dataset<Row> cases) {
      Dataset<Row> orders = named.where(col(KIND).equalTo(NAMED_ORDER)).select(col(KEY))
          .unionByName(cases.select(col(VALUE).as(KEY)));
      return purchasedOrders(of(PURCHASE, orders));
    }
  }

  /**
   * The rows of {@code rows} whose (kind, key) is one of {@code keys} ({@code left_semi}), or none
   * of them ({@code left_anti}).
   */
  private static Dataset<Row> byKey(Dataset<Row> rows, Dataset<Row> keys, String joinType) {
    Dataset<Row> k = keys.select(col(KIND).as("_k_kind"), col(KEY).as("_k_key"));
    return rows.join(k, col(KIND).equalTo(col("_k_kind")).and(col(KEY).equalTo(col("_k_key"))), joinType);
  }

  /** One key row per linking event, purchase, and contact naming an order (not compacted). */
  static Dataset<Row> raw(Dataset<Row> events) {
    Column type = col(EventContract.EVENT_TYPE);
    Column anonymous = col(EventContract.ANONYMOUS_ID);
    Column customer = col(EventContract.CUSTOMER_ID);
    Column order = col(EventContract.ORDER_ID);
    Column kase = col(EventContract.CASE_ID);
    Column noTime = lit(null).cast("timestamp");
    Dataset<Row> links = events.where(customer.isNotNull().and(anonymous.isNotNull()))
        .select(lit(LINK).as(KIND), anonymous.as(KEY), customer.as(VALUE), col(EventContract.EVENT_TIME).as(AT),
            col(EventContract.DATE).as(DATE));
    Dataset<Row> purchases = events.where(type.equalTo(EventContract.PURCHASE).and(order.isNotNull()))
        .select(lit(PURCHASE).as(KIND), order.as(KEY), lit(null).cast("string").as(VALUE), noTime.as(AT),
            col(EventContract.DATE).as(DATE));
    Dataset<Row> cases = events.where(type.equalTo(EventContract.CONTACT).and(kase.isNotNull()).and(order.isNotNull()))
        .select(lit(CASE_ORDER).as(KIND), kase.as(KEY), order.as(VALUE), noTime.as(AT), col(EventContract.DATE).as(DATE));
    return links.unionByName(purchases).unionByName(cases);
  }

  /**
   * Compacts key rows: of each anonymous_id's links in time order (ties: by customer) only the
   * first of each run to one customer (the others change no event's person); of each purchase and
   * case-order pair the earliest date.
   */
  static Dataset<Row> compact(Dataset<Row> rows) {
    Column kind = col(KIND);
    // Each anonymous_id's links in time order (ties: by customer, then date): a link starts a run
    // when the one before it names another customer.
    WindowSpec inOrder = Window.partitionBy(col(KEY)).orderBy(col(AT), col(VALUE), col(DATE));
    Dataset<Row> links = rows.where(kind.equalTo(LINK))
        .select(col(KEY), col(VALUE), col(AT), col(DATE)).distinct()
        .withColumn("_before", functions.lag(col(VALUE), 1).over(inOrder))
        .where(col("_before").isNull().or(col("_before").notEqual(col(VALUE))))
        .select(lit(LINK).as(KIND), col(KEY), col(VALUE), col(AT), col(DATE));
    Dataset<Row> others = rows.where(kind.notEqual(LINK))
        .groupBy(kind, col(KEY), col(VALUE))
        .agg(min(col(AT)).as(AT), min(col(DATE)).as(DATE))
        .select(kind, col(KEY), col(VALUE), col(AT), col(DATE));
    return links.unionByName(others);
  }
}
