package io.cx.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Each customer's orders before a day, collapsed by hand. Reporting currency USD. c1: o1 on 01-05
 * (10 USD), o2 and o3 both placed 02-01 12:00 (20 USD, 5 EUR), o4 on 03-01, the day collapsed
 * before; c2: o5 on 03-02 only.
 */
class OrderHistoryTest {
  static final TransformSettings S = TransformSettings.defaults(Instant.parse("2026-03-31T00:00:00Z"));

  @Test
  void theOrdersBeforeTheDayAreCountedSummedInTheReportingCurrencyAndTheLatestIsKept() {
    Dataset<Row> orders = TestSpark.session().sql("SELECT customer_id, order_id, to_date(d) AS date,"
        + " to_timestamp(t) AS purchased_at, CAST(a AS DECIMAL(18,2)) AS amount, currency FROM VALUES"
        + " ('c1', 'o1', '2026-01-05', '2026-01-05 10:00:00', 10, 'USD'),"
        + " ('c1', 'o2', '2026-02-01', '2026-02-01 12:00:00', 20, 'USD'),"
        + " ('c1', 'o3', '2026-02-01', '2026-02-01 12:00:00', 5, 'EUR'),"
        + " ('c1', 'o4', '2026-03-01', '2026-03-01 09:00:00', 40, 'USD'),"
        + " ('c2', 'o5', '2026-03-02', '2026-03-02 09:00:00', 50, 'USD')"
        + " AS t(customer_id, order_id, d, t, a, currency)");
    OrderHistory history = OrderHistory.of(orders, LocalDate.parse("2026-03-01"), S);

    List<Row> totals = history.totals().collectAsList();
    assertThat(totals).hasSize(1);
    Row c1 = totals.get(0);
    assertThat(c1.<String>getAs(OrdersContract.CUSTOMER_ID)).isEqualTo("c1");
    assertThat(c1.<Long>getAs(OrderHistory.ORDERS)).isEqualTo(3L);
    assertThat(c1.<java.math.BigDecimal>getAs(OrderHistory.MONEY)).isEqualByComparingTo("30.00");
    assertThat(c1.<java.sql.Timestamp>getAs(OrderHistory.LAST_ORDER_AT).toLocalDateTime())
        .isEqualTo(java.time.LocalDateTime.parse("2026-02-01T12:00:00"));
    assertThat(java.util.Arrays.asList(history.totals().columns())).as("which order of the tie was latest is not kept")
        .containsExactly(OrdersContract.CUSTOMER_ID, OrderHistory.ORDERS, OrderHistory.MONEY, OrderHistory.LAST_ORDER_AT);
    assertThat(history.recent().select("order_id").orderBy("order_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).containsExactly("o4", "o5");
  }

  @Test
  void overOtherOrdersKeepsTheTotalsAndTakesTheRecentOrdersFromThem() {
    Dataset<Row> published = TestSpark.session().sql("SELECT customer_id, order_id, to_date(d) AS date,"
        + " to_timestamp(d) AS purchased_at, CAST(10 AS DECIMAL(18,2)) AS amount, 'USD' AS currency FROM VALUES"
        + " ('c1', 'o1', '2026-01-05'), ('c1', 'o2', '2026-03-01') AS t(customer_id, order_id, d)");
    Dataset<Row> current = TestSpark.session().sql("SELECT customer_id, order_id, to_date(d) AS date,"
        + " to_timestamp(d) AS purchased_at, CAST(10 AS DECIMAL(18,2)) AS amount, 'USD' AS currency FROM VALUES"
        + " ('c1', 'o1', '2026-01-05'), ('c1', 'o2b', '2026-03-01'), ('c2', 'o3', '2026-03-02')"
        + " AS t(customer_id, order_id, d)");
    OrderHistory history = OrderHistory.of(published, LocalDate.parse("2026-03-01"), S);
    OrderHistory ofRun = history.over(current);

    assertThat(ofRun.before()).isEqualTo(history.before());
    assertThat(ofRun.totals()).as("computed once for both").isSameAs(history.totals());
    assertThat(ofRun.recent().select("order_id").orderBy("order_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()).containsExactly("o2b", "o3");
  }

  @Test
  void aHistoryIsUsedOnlyByAReaderThatCollapsesOnOrAfterItsDay() {
    java.util.Optional<OrderHistory> h = java.util.Optional.of(OrderHistory.of(
        TestSpark.session().sql("SELECT CAST(NULL AS DATE) AS date"), LocalDate.parse("2026-03-01"), S));
    assertThat(OrderHistory.usableAt(h, java.util.Optional.of(LocalDate.parse("2026-03-01")))).isPresent();
    assertThat(OrderHistory.usableAt(h, java.util.Optional.of(LocalDate.parse("2026-04-01")))).isPresent();
    assertThat(OrderHistory.usableAt(h, java.util.Optional.of(LocalDate.parse("2026-02-28")))).isEmpty();
    assertThat(OrderHistory.usableAt(h, java.util.Optional.empty())).as("a reader of every month").isEmpty();
  }
}
