package io.cx.metrics;

import static io.cx.metrics.Kpi.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.cx.transform.Dates;
import io.cx.transform.OrdersContract;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code kpi_order_contacts}: one row per date (purchase) x channel (of the purchase). */
public final class OrderContacts {
  private OrderContacts() {}

  /** Restated: the dates of changed orders (an order carries its in-window contacts). */
  public static final KpiTable TABLE = KpiTable.daily(KpiTables.ORDER_CONTACTS,
      "date (purchase) x channel (of the purchase)", io.cx.transform.Horizon.ORDERS,
      (t, d, s) -> compute(d.on(t.orders(), OrdersContract.DATE)),
      (c, t, s) -> Dates.of(c.orders().dates()),
      Headline.rate("contact_rate", OrderContacts.ORDERS_WITH_CONTACT, OrderContacts.ORDERS, false));

  public static final String ORDERS = "orders";
  public static final String ORDERS_WITH_CONTACT = "orders_with_contact";
  public static final String CONTACT_RATE = "contact_rate";

  public static Dataset<Row> compute(Dataset<Row> orders) {
    return Kpi.aggregate(orders, List.of(col(OrdersContract.DATE), col(OrdersContract.CHANNEL)), List.of(
            Kpi.of(ORDERS, count(lit(1))),
            countIf(ORDERS_WITH_CONTACT, col(OrdersContract.CONTACTS).gt(0))))
        .withColumn(CONTACT_RATE, Kpi.ratio(ORDERS_WITH_CONTACT, ORDERS));
  }
}
