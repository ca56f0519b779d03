package io.cx.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The orders as the tables measured against each customer's whole history need them when they
 * compute only recent months or periods: every order dated before {@link #before} collapsed into
 * one row per customer ({@link #totals}: how many, how much in the reporting currency, the latest),
 * and the orders from that day on as they are ({@link #recent}).
 *
 * <p>{@code kpi_segments}, {@code kpi_lifecycle} and the scorecard's churn each collapse a
 * customer's orders before their first restated month or period into such totals anyway. A run by
 * date computes the totals once, before the first date it reads (earlier than any of those points),
 * from the published orders: the re-derived orders of the affected customers are counted after
 * them, and the three tables read them too, so that none of these shuffles every order of the
 * output's history.
 */
public final class OrderHistory {
  /** How many orders the customer placed before {@link #before}. */
  public static final String ORDERS = "_orders_before";
  /** Their amounts in the reporting currency, summed (0 for orders in another currency). */
  public static final String MONEY = "_money_before";
  /**
   * The purchase time of the latest of them. Which order that was is not kept: every reader orders
   * a customer's orders by time, and the orders not collapsed are all later, so no reader needs
   * it. (Without it the totals are one hash aggregation, with no sort.)
   */
  public static final String LAST_ORDER_AT = "_last_order_at_before";

  private final LocalDate before;
  private final Dataset<Row> recent;
  private final Supplier<Dataset<Row>> totals;
  private Dataset<Row> held;

  private OrderHistory(LocalDate before, Dataset<Row> recent, Supplier<Dataset<Row>> totals) {
    this.before = before;
    this.recent = recent;
    this.totals = totals;
  }

  /**
   * The history of {@code orders} (the orders table) collapsed before {@code before}. The totals are
   * computed when first read and then held (in the executors' memory, spilling to disk), since
   * several tables read them.
   */
  public static OrderHistory of(Dataset<Row> orders, LocalDate before, TransformSettings s) {
    return new OrderHistory(before, orders.where(datedBefore(before).unary_$bang()),
        () -> totals(orders.where(datedBefore(before)), s).localCheckpoint());
  }

  /**
   * The same totals with the orders from {@link #before} on read from {@code orders}: for totals
   * built from the published orders before the run changed any (a run by date never changes an
   * order dated that early, so they are the run's totals too), the run's own orders after them.
   * The totals are computed once for both.
   */
  public OrderHistory over(Dataset<Row> orders) {
    return new OrderHistory(before, orders.where(datedBefore(before).unary_$bang()), this::totals);
  }

  /** Whether an order is dated before {@code day}: collapsed into the totals, not a recent order. */
  private static Column datedBefore(LocalDate day) {
    return col(OrdersContract.DATE).lt(lit(java.sql.Date.valueOf(day)));
  }

  /** {@link #totals} of every order in {@code orders}, one row per customer_id. */
  static Dataset<Row> totals(Dataset<Row> orders, TransformSettings s) {
    Column inCurrency = col(OrdersContract.CURRENCY).equalTo(s.reportingCurrency());
    return orders.groupBy(col(OrdersContract.CUSTOMER_ID))
        .agg(count(lit(1)).as(ORDERS),
            sum(when(inCurrency, col(OrdersContract.AMOUNT)).otherwise(lit(0).cast(EventContract.MONEY))).as(MONEY),
            max(col(OrdersContract.PURCHASED_AT)).as(LAST_ORDER_AT));
  }

  /** The first day whose orders are not collapsed. */
  public LocalDate before() {
    return before;
  }

  /**
   * One row per customer with an order dated before {@link #before}: customer_id, {@link #ORDERS},
   * {@link #MONEY}, {@link #LAST_ORDER_AT}.
   */
  public synchronized Dataset<Row> totals() {
    if (held == null) {
      held = totals.get();
    }
    return held;
  }

  /** The orders dated {@link #before} or later, every column of the orders table. */
  public Dataset<Row> recent() {
    return recent;
  }

  /**
   * This history, if a reader that collapses every order dated before {@code collapseAt} can use
   * it: when it collapses no later than that (the reader collapses the totals further, with the
   * recent orders before that day).
   */
  public static Optional<OrderHistory> usableAt(Optional<OrderHistory> history, Optional<LocalDate> collapseAt) {
    return history.filter(h -> collapseAt.isPresent() && !h.before().isAfter(collapseAt.get()));
  }
}
