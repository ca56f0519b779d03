package io.cx.transform;

/**
 * The {@code customers} table: one row per customer_id seen in the events, a snapshot as of the
 * run, partitioned by the as-of date.
 */
public final class CustomersContract {
  private CustomersContract() {}

  public static final String CUSTOMER_ID = "customer_id";
  public static final String FIRST_SEEN_AT = "first_seen_at";
  public static final String LAST_SEEN_AT = "last_seen_at";
  public static final String FIRST_ORDER_AT = "first_order_at";
  public static final String LAST_ORDER_AT = "last_order_at";
  public static final String ORDERS = "orders";
  /** Sum of order amounts in the reporting currency. */
  public static final String REVENUE = "revenue";
  /** Sum of in-window refunds of those orders. */
  public static final String REFUNDS = "refunds";
  /** revenue - refunds: the historical customer value. */
  public static final String NET_REVENUE = "net_revenue";
  /** Orders in another currency, left out of the money columns. */
  public static final String ORDERS_OTHER_CURRENCY = "orders_other_currency";
  public static final String AVG_DAYS_BETWEEN_ORDERS = "avg_days_between_orders";
  /** No order within the churn window before the as-of time; null for a customer who never ordered. */
  public static final String CHURNED = "churned";
  /** Score of the customer's latest NPS answer. */
  public static final String LATEST_NPS = "latest_nps";
  public static final String DATE = "date";

  /**
   * The columns every customers table has, in order: then come the RFM columns ({@link Rfm#COLUMNS}),
   * the customer attributes of the run (if any), and {@link #DATE}.
   */
  public static final java.util.List<String> BASE_COLUMNS = java.util.List.of(CUSTOMER_ID, FIRST_SEEN_AT,
      LAST_SEEN_AT, FIRST_ORDER_AT, LAST_ORDER_AT, ORDERS, REVENUE, REFUNDS, NET_REVENUE, ORDERS_OTHER_CURRENCY,
      AVG_DAYS_BETWEEN_ORDERS, CHURNED, LATEST_NPS);

  /** The names a customer attribute may not take: the table's own columns. */
  public static java.util.Set<String> reservedNames() {
    java.util.Set<String> out = new java.util.HashSet<>(BASE_COLUMNS);
    out.addAll(Rfm.COLUMNS);
    out.add(DATE);
    return out;
  }
}
