package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.cx.ingest.EventContract;
import io.cx.transform.Dates;
import io.cx.transform.OrdersContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code kpi_returns}: one row per date (purchase) x channel (of the purchase) x currency; money of
 * different currencies is never added.
 */
public final class Returns {
  private Returns() {}

  /** Restated: the dates of changed orders (an order carries its in-window returns). */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.RETURNS,
      "date (purchase) x channel (of the purchase) x currency", io.cx.transform.Horizon.ORDERS,
      (t, d, s) -> compute(d.on(t.orders(), OrdersContract.DATE)),
      (c, t, s) -> Dates.of(c.orders().dates()),
      Headline.rate("return_rate", Returns.RETURNED_ORDERS, Returns.ORDERS, false));

  public static final String ORDERS = "orders";
  public static final String REVENUE = "revenue";
  public static final String RETURNED_ORDERS = "returned_orders";
  public static final String RETURN_RATE = "return_rate";
  public static final String REFUND_AMOUNT = "refund_amount";
  public static final String REFUND_RATE = "refund_rate";

  public static Dataset<Row> compute(Dataset<Row> orders) {
    return Kpi.aggregate(orders,
            List.of(col(OrdersContract.DATE), col(OrdersContract.CHANNEL), col(OrdersContract.CURRENCY)), List.of(
            Kpi.of(ORDERS, count(lit(1))),
            Kpi.of(REVENUE, sum(col(OrdersContract.AMOUNT)).cast(EventContract.MONEY)),
            countIf(RETURNED_ORDERS, col(OrdersContract.RETURNED)),
            Kpi.of(REFUND_AMOUNT, sum(col(OrdersContract.REFUND_AMOUNT)).cast(EventContract.MONEY))))
        .withColumn(RETURN_RATE, Kpi.ratio(RETURNED_ORDERS, ORDERS))
        .withColumn(REFUND_RATE, Kpi.ratio(REFUND_AMOUNT, REVENUE));
  }
}
