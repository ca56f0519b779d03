package io.cx.transform;

/** The {@code orders} table: one row per order_id of a purchase, partitioned by the purchase date. */
public final class OrdersContract {
  private OrdersContract() {}

  public static final String ORDER_ID = "order_id";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String JOURNEY_ID = EventsContract.JOURNEY_ID;
  public static final String PURCHASED_AT = "purchased_at";
  public static final String CHANNEL = "channel";
  public static final String TOUCHPOINT = "touchpoint";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  /** 1 for the customer's first order ever, 2 for the second, ... (ties by order_id). */
  public static final String ORDER_INDEX = "order_index";
  public static final String DAYS_SINCE_PREVIOUS_ORDER = "days_since_previous_order";
  /** At least one return for the order within the return window. */
  public static final String RETURNED = "returned";
  /** Sum of the amounts of those returns. */
  public static final String REFUND_AMOUNT = "refund_amount";
  /** Contacts carrying the order_id within the contact window. */
  public static final String CONTACTS = "contacts";
  public static final String DATE = "date";
}
