package io.cx.transform;

import static io.cx.transform.SeenOfAffected.prefixed;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order totals ({@link Customers#bought}) of the customers a run by date affects, without
 * reading their orders dated before the orders' open dates where the published snapshot already
 * tells what those add: reading them meant scanning every order of the output's history.
 *
 * <p>An order is dated by its purchase time, so every order dated before the open dates is earlier
 * than every order on them. A customer's published row totals their published orders before the
 * open dates and on them (as they were), so subtracting the latter leaves the totals of the earlier
 * orders; the first purchase of those is the customer's first one, if there are any. Their latest
 * purchase is the published latest one if the customer had no published order on the open dates,
 * and it matters only if the customer has no order there after the change either: only a customer
 * for whom it matters and the snapshot cannot tell (earlier orders, a published order on the open
 * dates, none there now: a reloaded date dropped it) is looked up in the earlier orders.
 */
final class BoughtOfAffected {
  private static final Logger LOG = LoggerFactory.getLogger(BoughtOfAffected.class);

  private BoughtOfAffected() {}

  private static final String OLD = "_old_";
  private static final String NEW = "_new_";
  private static final String PUB = "_pub_";
  private static final String BEFORE = "_before_";

  /**
   * @param published the published customer rows of the affected customers
   * @param oldOpen the affected customers' published orders on the orders' open dates
   * @param newOpen their orders on the open dates after the change
   * @param earlier their published orders dated before the open dates (read only for the
   *     customers the snapshot cannot tell about)
   * @return {@link Customers#bought} of every affected customer with an order after the change
   */
  static Dataset<Row> of(Dataset<Row> published, Dataset<Row> oldOpen, Dataset<Row> newOpen, Dataset<Row> earlier,
      TransformSettings s, Scratch scratch) {
    Dataset<Row> oldBought = Customers.bought(oldOpen, s);
    StructType types = oldBought.schema();
    Dataset<Row> old = prefixed(oldBought, OLD);
    Dataset<Row> now = prefixed(Customers.bought(newOpen, s), NEW);
    Dataset<Row> pub = prefixed(published.select(col(CustomersContract.CUSTOMER_ID).as(Customers.BOUGHT_CUSTOMER),
        col(CustomersContract.FIRST_ORDER_AT), col(CustomersContract.LAST_ORDER_AT), col(CustomersContract.ORDERS),
        col(CustomersContract.REVENUE).as(Customers.BOUGHT_REVENUE),
        col(CustomersContract.REFUNDS).as(Customers.BOUGHT_REFUNDS), col(CustomersContract.ORDERS_OTHER_CURRENCY)), PUB);
    Column hadOpen = col(OLD + Customers.BOUGHT_CUSTOMER).isNotNull();
    Column hasOpen = col(NEW + Customers.BOUGHT_CUSTOMER).isNotNull();
    Column orders = col(PUB + CustomersContract.ORDERS).minus(coalesce(col(OLD + CustomersContract.ORDERS), lit(0L)));
    Column earlierOrders = orders.gt(0);
    Dataset<Row> known = scratch.keep("customers_bought_before", pub
        .join(old, col(PUB + Customers.BOUGHT_CUSTOMER).equalTo(col(OLD + Customers.BOUGHT_CUSTOMER)), "left")
        .join(now, col(PUB + Customers.BOUGHT_CUSTOMER).equalTo(col(NEW + Customers.BOUGHT_CUSTOMER)), "left")
        .where(earlierOrders)
        .select(col(PUB + Customers.BOUGHT_CUSTOMER).as(Customers.BOUGHT_CUSTOMER),
            col(PUB + CustomersContract.FIRST_ORDER_AT).as(CustomersContract.FIRST_ORDER_AT),
            when(hadOpen.unary_$bang(), col(PUB + CustomersContract.LAST_ORDER_AT)).as(CustomersContract.LAST_ORDER_AT),
            orders.as(CustomersContract.ORDERS),
            less(Customers.BOUGHT_REVENUE, types), less(Customers.BOUGHT_REFUNDS, types),
            less(CustomersContract.ORDERS_OTHER_CURRENCY, types),
            hadOpen.and(hasOpen.unary_$bang()).as("_untold")));
    Dataset<Row> untold = known.where(col("_untold")).select(col(Customers.BOUGHT_CUSTOMER).as("_untold_customer"));
    long lookedUp = untold.count();
    Dataset<Row> before = known.where(col("_untold").unary_$bang()).drop("_untold");
    if (lookedUp > 0) {
      LOG.info("{} affected customers lost their orders of the open dates: their earlier orders are read", lookedUp);
      before = before.unionByName(Customers.bought(earlier.join(untold,
          col(OrdersContract.CUSTOMER_ID).equalTo(col("_untold_customer")), "left_semi"), s));
    }
    return combine(prefixed(before, BEFORE), now, types);
  }

  /** The published total of a column less that of the published orders on the open dates, typed as a total. */
  private static Column less(String column, StructType types) {
    DataType type = types.apply(column).dataType();
    return col(PUB + column).cast(type).minus(coalesce(col(OLD + column), lit(0).cast(type))).cast(type).as(column);
  }

  /**
   * The totals of all orders from those before the open dates and those on them: the first
   * purchase is the earlier span's, the latest the later span's if it has one.
   */
  private static Dataset<Row> combine(Dataset<Row> before, Dataset<Row> open, StructType types) {
    Column b = col(BEFORE + Customers.BOUGHT_CUSTOMER);
    Column o = col(NEW + Customers.BOUGHT_CUSTOMER);
    return before.join(open, b.equalTo(o), "full_outer")
        .select(coalesce(b, o).as(Customers.BOUGHT_CUSTOMER),
            coalesce(col(BEFORE + CustomersContract.FIRST_ORDER_AT), col(NEW + CustomersContract.FIRST_ORDER_AT))
                .as(CustomersContract.FIRST_ORDER_AT),
            coalesce(col(NEW + CustomersContract.LAST_ORDER_AT), col(BEFORE + CustomersContract.LAST_ORDER_AT))
                .as(CustomersContract.LAST_ORDER_AT),
            plus(CustomersContract.ORDERS, types), plus(Customers.BOUGHT_REVENUE, types),
            plus(Customers.BOUGHT_REFUNDS, types), plus(CustomersContract.ORDERS_OTHER_CURRENCY, types));
  }

  /** The sum of a total over both spans (null where both are null, as a sum over no row is). */
  private static Column plus(String column, StructType types) {
    DataType type = types.apply(column).dataType();
    Column b = col(BEFORE + column);
    Column o = col(NEW + column);
    return when(b.isNull(), o).when(o.isNull(), b).otherwise(b.plus(o)).cast(type).as(column);
  }
}
