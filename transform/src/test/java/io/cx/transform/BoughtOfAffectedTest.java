package io.cx.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The affected customers' order totals from their published snapshot, compared with the totals of
 * every order after the change. Reporting currency USD; the orders' open dates start 03-01.
 *
 * <ul>
 *   <li>c1: earlier orders (one in EUR, one refunded), a published open order, a different open
 *       order now;
 *   <li>c2: earlier orders only (its latest is the published one);
 *   <li>c3: earlier orders and a published open order that a reload dropped: its latest earlier
 *       purchase is looked up;
 *   <li>c4: only open orders, one more now; c5: only a published open order, dropped;
 *   <li>c6: new, one open order; c7: a customer with no order at all.
 * </ul>
 */
class BoughtOfAffectedTest {
  static final TransformSettings S = TransformSettings.defaults(Instant.parse("2026-03-31T00:00:00Z"));

  private static Dataset<Row> orders(String values) {
    return TestSpark.session().sql("SELECT customer_id, order_id, to_date(substr(t, 1, 10)) AS date,"
        + " to_timestamp(t) AS purchased_at, CAST(a AS DECIMAL(18,2)) AS amount, currency,"
        + " CAST(r AS DECIMAL(18,2)) AS refund_amount FROM VALUES " + values
        + " AS t(customer_id, order_id, t, a, currency, r)");
  }

  @Test
  void theTotalsEqualThoseOfEveryOrderAfterTheChange() {
    Dataset<Row> earlier = orders(
        "('c1', 'o1', '2026-01-05 10:00:00', 10, 'USD', 4),"
        + " ('c1', 'o2', '2026-02-01 12:00:00', 5, 'EUR', NULL),"
        + " ('c2', 'o3', '2026-01-10 08:00:00', 30, 'USD', NULL),"
        + " ('c2', 'o4', '2026-02-20 08:00:00', 12, 'USD', NULL),"
        + " ('c3', 'o5', '2026-01-02 09:00:00', 7, 'USD', NULL),"
        + " ('c3', 'o6', '2026-02-27 23:00:00', 8, 'USD', 8)");
    Dataset<Row> oldOpen = orders(
        "('c1', 'o7', '2026-03-02 10:00:00', 50, 'USD', NULL),"
        + " ('c3', 'o8', '2026-03-05 10:00:00', 9, 'USD', NULL),"
        + " ('c4', 'o9', '2026-03-03 10:00:00', 11, 'USD', NULL),"
        + " ('c5', 'o10', '2026-03-04 10:00:00', 13, 'USD', NULL)");
    Dataset<Row> newOpen = orders(
        "('c1', 'o11', '2026-03-06 10:00:00', 60, 'USD', 60),"
        + " ('c4', 'o9', '2026-03-03 10:00:00', 11, 'USD', NULL),"
        + " ('c4', 'o12', '2026-03-09 10:00:00', 5, 'GBP', NULL),"
        + " ('c6', 'o13', '2026-03-10 10:00:00', 20, 'USD', NULL)");
    Dataset<Row> seen = TestSpark.session().sql("SELECT customer_id, to_timestamp('2026-01-01 00:00:00') AS first_seen_at,"
        + " to_timestamp('2026-03-10 00:00:00') AS last_seen_at, CAST(NULL AS INT) AS latest_nps"
        + " FROM VALUES ('c1'), ('c2'), ('c3'), ('c4'), ('c5'), ('c7') AS t(customer_id)");
    Dataset<Row> published = Customers.fromSeenAndBought(seen,
        Customers.bought(earlier.unionByName(oldOpen), S), S);
    Dataset<Row> seenNow = seen.unionByName(TestSpark.session().sql("SELECT 'c6' AS customer_id,"
        + " to_timestamp('2026-03-10 00:00:00') AS first_seen_at, to_timestamp('2026-03-10 00:00:00') AS last_seen_at,"
        + " CAST(NULL AS INT) AS latest_nps"));

    Dataset<Row> actual = BoughtOfAffected.of(published, oldOpen, newOpen, earlier, S, (name, df) -> df);
    Dataset<Row> expected = Customers.bought(earlier.unionByName(newOpen), S);

    assertThat(customers(seenNow, actual)).isEqualTo(customers(seenNow, expected));
    assertThat(actual.select("_customer").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .as("c5 lost its only order, c7 never had one").containsExactlyInAnyOrder("c1", "c2", "c3", "c4", "c6");
    Row c3 = actual.where("_customer = 'c3'").first();
    assertThat(c3.<java.sql.Timestamp>getAs(CustomersContract.LAST_ORDER_AT).toLocalDateTime())
        .as("c3's latest order is its latest earlier one").isEqualTo(java.time.LocalDateTime.parse("2026-02-27T23:00:00"));
  }

  @Test
  void withoutACustomerTheSnapshotCannotTellNoEarlierOrderIsRead() {
    Dataset<Row> earlier = orders("('c2', 'o3', '2026-01-10 08:00:00', 30, 'USD', NULL)");
    Dataset<Row> newOpen = orders("('c2', 'o4', '2026-03-10 08:00:00', 12, 'USD', NULL)");
    Dataset<Row> seen = TestSpark.session().sql("SELECT 'c2' AS customer_id, to_timestamp('2026-01-01 00:00:00')"
        + " AS first_seen_at, to_timestamp('2026-03-10 00:00:00') AS last_seen_at, CAST(NULL AS INT) AS latest_nps");
    Dataset<Row> published = Customers.fromSeenAndBought(seen, Customers.bought(earlier, S), S);
    Dataset<Row> unreadable = earlier.where(org.apache.spark.sql.functions.raise_error(
        org.apache.spark.sql.functions.lit("the earlier orders were read")).isNull());

    Dataset<Row> actual = BoughtOfAffected.of(published, newOpen.limit(0), newOpen, unreadable, S, (n, df) -> df);

    assertThat(customers(seen, actual)).isEqualTo(customers(seen, Customers.bought(earlier.unionByName(newOpen), S)));
  }

  /** The customer rows of these totals, as text, sorted. */
  private static List<String> customers(Dataset<Row> seen, Dataset<Row> bought) {
    return Customers.fromSeenAndBought(seen, bought, S).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
