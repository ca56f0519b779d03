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
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
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
   * customers' published orders before it ({@code priorOrders}, orders rows): those count in each
   * order's index and its days since the previous order, and are not returned.
   */
  public static Dataset<Row> table(Dataset<Row> events, java.util.Optional<Dataset<Row>> priorOrders,
      TransformSettings s) {
    Dataset<Row> first = events.where(col(EVENT_TYPE).equalTo(PURCHASE))
        .withColumn("_n", row_number().over(Window.partitionBy(col(ORDER_ID)).orderBy(col(EVENT_TIME), col(EVENT_ID))))
        .where(col("_n").equalTo(1));
    Dataset<Row> purchases = priorOrders.map(p -> first.withColumn("_prior", lit(false)).unionByName(p.select(
            col(OrdersContract.ORDER_ID).as(ORDER_ID), col(OrdersContract.CUSTOMER_ID).as(CUSTOMER_ID),
            col(OrdersContract.PURCHASED_AT).as(EVENT_TIME), lit(true).as("_prior")), true))
        .orElse(first.withColumn("_prior", lit(false)));
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
        row_number().over(byCustomer).cast("long").as(OrdersContract.ORDER_INDEX),
        Columns.secondsBetween(lag(col(EVENT_TIME), 1).over(byCustomer), col(EVENT_TIME)).divide(86_400.0)
            .as(OrdersContract.DAYS_SINCE_PREVIOUS_ORDER))
        .where(col("_prior").unary_$bang()).drop("_prior");
    Dataset<Row> returns = inWindow(events, orders, RETURN, s.returnWindow()).groupBy(col("_order")).agg(
        count(lit(1)).as("_returns"), sum(col(AMOUNT)).as("_refund"));
    Dataset<Row> contacts = inWindow(events, orders, CONTACT, s.contactWindow()).groupBy(col("_order")).agg(
        count(lit(1)).as("_contacts"));
    return orders
        .join(returns, col(OrdersContract.ORDER_ID).equalTo(returns.col("_order")), "left").drop("_order")
        .join(contacts, col(OrdersContract.ORDER_ID).equalTo(contacts.col("_order")), "left").drop("_order")
        .withColumn(OrdersContract.RETURNED, coalesce(col("_returns"), lit(0L)).gt(0))
        .withColumn(OrdersContract.REFUND_AMOUNT, coalesce(col("_refund"), lit(0).cast(EventContract.MONEY))
            .cast(EventContract.MONEY))
        .withColumn(OrdersContract.CONTACTS, coalesce(col("_contacts"), lit(0L)))
        .withColumn(OrdersContract.DATE, Columns.localDate(col(OrdersContract.PURCHASED_AT), s.reportingTimeZone()))
        .drop("_returns", "_refund", "_contacts");
  }

  /** Events of one type that carry an order_id and fall within the window after that order's purchase. */
  private static Dataset<Row> inWindow(Dataset<Row> events, Dataset<Row> orders, String type, java.time.Duration window) {
    Dataset<Row> e = events.where(col(EVENT_TYPE).equalTo(type).and(col(ORDER_ID).isNotNull()))
        .select(col(ORDER_ID).as("_order"), col(EVENT_TIME).as("_t"), col(AMOUNT));
    return e.join(orders.select(col(OrdersContract.ORDER_ID), col(OrdersContract.PURCHASED_AT)),
            e.col("_order").equalTo(col(OrdersContract.ORDER_ID)))
        .where(Columns.within(col(OrdersContract.PURCHASED_AT), col("_t"), window))
        .select(col("_order"), col(AMOUNT));
  }

  /**
   * How the events that refer to an order link to it: returns, contacts and surveys carrying an
   * order_id, by (event_type, status) with counts and amounts. Status is {@link #LINKED},
   * {@link #NO_SUCH_ORDER} (the order is not in the data), or {@link #OUTSIDE_WINDOW} (a return or
   * contact outside its window after the purchase, e.g. a late return).
   */
  public static Dataset<Row> linkage(Dataset<Row> events, Dataset<Row> orders, TransformSettings s) {
    Dataset<Row> refs = events.where(col(ORDER_ID).isNotNull().and(col(EVENT_TYPE).isin(RETURN, CONTACT, SURVEY)))
        .select(col(EVENT_TYPE).as("_type"), col(ORDER_ID).as("_order"), col(EVENT_TIME).as("_t"), col(AMOUNT));
    Dataset<Row> o = orders.select(col(OrdersContract.ORDER_ID), col(OrdersContract.PURCHASED_AT));
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
