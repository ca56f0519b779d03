package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cx.transform.Dates;
import io.cx.transform.OrdersContract;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code kpi_repeat_purchase}: one row per date (purchase) x channel (of the purchase). */
public final class RepeatPurchase {
  private RepeatPurchase() {}

  /** Restated: the dates of changed orders (an order carries its index among the customer's orders). */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.REPEAT_PURCHASE,
      "date (purchase) x channel (of the purchase)", io.cx.transform.Horizon.ORDERS,
      (t, d, s) -> compute(d.on(t.orders(), OrdersContract.DATE)),
      (c, t, s) -> Dates.of(c.orders().dates()),
      Headline.rate("repeat_order_share", RepeatPurchase.REPEAT_ORDERS, RepeatPurchase.ORDERS, true));

  public static final String ORDERS = "orders";
  /** Distinct customers who purchased: a distinct count, so not additive across rows. */
  public static final String CUSTOMERS = "customers";
  public static final String FIRST_ORDERS = "first_orders";
  public static final String REPEAT_ORDERS = "repeat_orders";
  public static final String REPEAT_ORDER_SHARE = "repeat_order_share";
  public static final String DAYS_SINCE_PREVIOUS_ORDER_SUM = "days_since_previous_order_sum";
  public static final String DAYS_SINCE_PREVIOUS_ORDER_AVG = "days_since_previous_order_avg";

  public static Dataset<Row> compute(Dataset<Row> orders) {
    Column repeat = col(OrdersContract.ORDER_INDEX).geq(2);
    return Kpi.aggregate(orders, List.of(col(OrdersContract.DATE), col(OrdersContract.CHANNEL)), List.of(
            Kpi.of(ORDERS, count(lit(1))),
            Kpi.of(CUSTOMERS, count_distinct(col(OrdersContract.CUSTOMER_ID))),
            countIf(FIRST_ORDERS, col(OrdersContract.ORDER_INDEX).equalTo(1)),
            countIf(REPEAT_ORDERS, repeat),
            Kpi.of(DAYS_SINCE_PREVIOUS_ORDER_SUM, Kpi.exactSum(when(repeat, col(OrdersContract.DAYS_SINCE_PREVIOUS_ORDER))))))
        .withColumn(REPEAT_ORDER_SHARE, Kpi.ratio(REPEAT_ORDERS, ORDERS))
        .withColumn(DAYS_SINCE_PREVIOUS_ORDER_AVG, Kpi.ratio(DAYS_SINCE_PREVIOUS_ORDER_SUM, REPEAT_ORDERS));
  }
}
