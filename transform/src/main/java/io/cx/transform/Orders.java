package io.cx.transform;

import static io.cx.ingest.EventContract.AMOUNT;
import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.CONTACT;
import static io.cx.ingest.EventContract.CURRENCY;
import static io.cx.ingest.EventContract.CUSTOMER_ID;
import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.ORDER_ID;
import static io.cx.ingest.EventContract.PURCHASE;
import static io.cx.ingest.EventContract.RETURN;
import static io.cx.ingest.EventContract.SURVEY;
import static io.cx.ingest.EventContract.TOUCHPOINT;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Orders, and how post-purchase events link to them. */
public final class Orders {
  private Orders() {}

  /** Link status of a post-purchase event, for {@link #linkage}. */
  public static final String LINKED = "linked";
  public static final String NO_SUCH_ORDER = "no_such_order";
  public static final String OUTSIDE_WINDOW = "outside_window";

  /**
   * One row per order_id: the earliest purchase event carrying it (a second purchase event with
   * the same order_id is counted by {@link #linkage}, not as another order).
   */
  public static Dataset<Row> table(Dataset<Row> events, TransformSettings s) {
    return table(events, java.util.Optional.empty(), s);
  }

  /**
   * {@link #table(Dataset, TransformSettings)} over the events of a read window, given the
   * customers' published orders dated before it, totalled ({@code priorTotals}: customer_id,
   * {@link OrderHistory#ORDERS} and {@link OrderHistory#LAST_ORDER_AT}, one row per customer): they
   * count in each order's index and its days since the previous order. Every order of the events
   * is later than those, so a customer's earlier orders stand in one row ahead of theirs.
   */
  public static Dataset<Row> table(Dataset<Row> events, java.util.Optional<Dataset<Row>> priorTotals,
      TransformSettings s) {
    // One pass over the events that name an order, grouped by order: its earliest purchase (by
    // time, then event_id), and the times and amounts of its returns and contacts, which are
    // then judged against the purchase time within the row.
    Column isPurchase = col(EVENT_TYPE).equalTo(PURCHASE);
    Dataset<Row> byOrder = events.where(col(ORDER_ID).isNotNull().and(col(EVENT_TYPE).isin(PURCHASE, RETURN, CONTACT)))
        .groupBy(col(ORDER_ID))
        .agg(min_by(when(isPurchase, struct(col(CUSTOMER_ID), col(EventsContract.JOURNEY_ID), col(EVENT_TIME),
                col(CHANNEL), col(TOUCHPOINT), col(AMOUNT), col(CURRENCY))),
                when(isPurchase, struct(col(EVENT_TIME), col(EVENT_ID)))).as("_p"),
            collect_list(when(col(EVENT_TYPE).equalTo(RETURN), struct(col(EVENT_TIME).as("t"), col(AMOUNT).as("a"))))
                .as("_return_events"),
            collect_list(when(col(EVENT_TYPE).equalTo(CONTACT), col(EVENT_TIME))).as("_contact_times"))
        .where(col("_p").isNotNull());
    Dataset<Row> first = byOrder.select(col(ORDER_ID), col("_p.*"), col("_return_events"), col("_contact_times"));
    Dataset<Row> own = first.withColumn("_prior", lit(false)).withColumn("_orders", lit(1L));
    Dataset<Row> purchases = priorTotals.map(p -> own.unionByName(p.select(
            col(OrdersContract.CUSTOMER_ID).as(CUSTOMER_ID), col(OrderHistory.LAST_ORDER_AT).as(EVENT_TIME),
            lit(true).as("_prior"), col(OrderHistory.ORDERS).as("_orders")), true))
        .orElse(own);
    Column purchasedAt = col(EVENT_TIME);
    Column returns = filter(col("_return_events"), r -> Columns.within(purchasedAt, r.getField("t"), s.returnWindow()));
    Column refund = aggregate(returns, lit(java.math.BigDecimal.ZERO).cast(SUM_OF_MONEY),
        (acc, r) -> acc.plus(coalesce(r.getField("a"), lit(java.math.BigDecimal.ZERO))).cast(SUM_OF_MONEY));
    Column contacts = filter(col("_contact_times"), t -> Columns.within(purchasedAt, t, s.contactWindow()));
    var byCustomer = Window.partitionBy(col(CUSTOMER_ID)).orderBy(col(EVENT_TIME), col(ORDER_ID));
    Dataset<Row> orders = purchases.select(
        col("_prior"),
        col(ORDER_ID).as(OrdersContract.ORDER_ID),
        col(CUSTOMER_ID).as(OrdersContract.CUSTOMER_ID),
        col(EventsContract.JOURNEY_ID).as(OrdersContract.JOURNEY_ID),
        col(EVENT_TIME).as(OrdersContract.PURCHASED_AT),
        col(CHANNEL).as(OrdersContract.CHANNEL),
        col(TOUCHPOINT).as(OrdersContract.TOUCHPOINT),
        col(AMOUNT).as(OrdersContract.AMOUNT),
        col(CURRENCY).as(OrdersContract.CURRENCY),
        sum(col("_orders")).over(byCustomer.rowsBetween(Window.unboundedPreceding(), Window.currentRow()))
            .as(OrdersContract.ORDER_INDEX),
        Columns.secondsBetween(lag(col(EVENT_TIME), 1).over(byCustomer), col(EVENT_TIME)).divide(86_400.0)
            .as(OrdersContract.DAYS_SINCE_PREVIOUS_ORDER),
        size(returns).gt(0).as(OrdersContract.RETURNED),
        refund.cast(EventContract.MONEY).as(OrdersContract.REFUND_AMOUNT),
        size(contacts).cast("long").as(OrdersContract.CONTACTS))
        .where(col("_prior").unary_$bang()).drop("_prior");
    return orders
        .withColumn(OrdersContract.DATE, Columns.localDate(col(OrdersContract.PURCHASED_AT), s.reportingTimeZone()));
  }

  /** The type refunds are added up in before they are published as money (as Spark's sum of money would). */
  private static final String SUM_OF_MONEY = "decimal(28,2)";

  /**
   * How the events that refer to an order link to it: returns, contacts and surveys carrying an
   * order_id, by (event_type, status) with counts and amounts. Status is {@link #LINKED},
   * {@link #NO_SUCH_ORDER} (the order is not in the data), or {@link #OUTSIDE_WINDOW} (a return or
   * contact outside its window after the purchase, e.g. a late return).
   */
  public static Dataset<Row> linkage(Dataset<Row> events, Dataset<Row> orders, TransformSettings s) {
    return linkage(events, orders, s, false);
  }

  /**
   * {@link #linkage(Dataset, Dataset, TransformSettings)}; with {@code fewEvents} (a run by date's
   * records against every published order), the orders are first narrowed to those the events name,
   * through a broadcast of their order_ids, instead of shuffling every order for the join.
   */
  public static Dataset<Row> linkage(Dataset<Row> events, Dataset<Row> orders, TransformSettings s,
      boolean fewEvents) {
    Dataset<Row> refs = events.where(col(ORDER_ID).isNotNull().and(col(EVENT_TYPE).isin(RETURN, CONTACT, SURVEY)))
        .select(col(EVENT_TYPE).as("_type"), col(ORDER_ID).as("_order"), col(EVENT_TIME).as("_t"), col(AMOUNT));
    Dataset<Row> all = orders.select(col(OrdersContract.ORDER_ID), col(OrdersContract.PURCHASED_AT));
    Dataset<Row> o = fewEvents
        ? all.join(broadcast(refs.select(col("_order").as("_named")).distinct()),
            col(OrdersContract.ORDER_ID).equalTo(col("_named")), "left_semi")
        : all;
    Column purchasedAt = col(OrdersContract.PURCHASED_AT);
    Column status = when(col(OrdersContract.ORDER_ID).isNull(), lit(NO_SUCH_ORDER))
        .when(col("_type").equalTo(RETURN).and(Columns.within(purchasedAt, col("_t"), s.returnWindow()).unary_$bang()),
            lit(OUTSIDE_WINDOW))
        .when(col("_type").equalTo(CONTACT).and(Columns.within(purchasedAt, col("_t"), s.contactWindow()).unary_$bang()),
            lit(OUTSIDE_WINDOW))
        .otherwise(lit(LINKED));
    return refs.join(o, refs.col("_order").equalTo(o.col(OrdersContract.ORDER_ID)), "left")
        .groupBy(col("_type").as("event_type"), status.as("status"))
        .agg(count(lit(1)).as("events"), sum(col(AMOUNT)).as("amount"));
  }
}
