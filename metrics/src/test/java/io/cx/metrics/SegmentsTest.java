package io.cx.metrics;

import static io.cx.metrics.KpiTablesComputeTest.expect;
import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import io.cx.transform.DetailTables;
import io.cx.transform.TransformSettings;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kpi_segments} by hand, as of 2026-03-31T23:59:59Z, churn window 90 days. Store orders:
 * c1 on 2025-11-01 (100), 02-10 (50, returned on 02-15) and 03-05 (70, a contact on 03-06); c2 on
 * 2025-12-01 (10); c3 on 03-20 (30); c4 on 03-10 (500); c5 on 03-25 and 03-26 (20 each). NPS in
 * March: c1 10, c2 3. Customer attributes: c1 and c4 persona a, c2 persona b; c3 and c5 none.
 *
 * <pre>
 *   month  customers with an order (R F M -> segment)                   churned at the end
 *   Nov    c1 (5 5 5 new: alone, one order)                             -
 *   Jan    c1 (3 3 5 loyal), c2 (5 5 3 new)                             c1 (92 days)
 *   Feb    c1 (5 5 5 champions), c2 (3 3 3 loyal)                       - (c2: 89.5 days)
 *   Mar    c1 (2 5 4 at_risk), c2 (1 1 1 hibernating), c3 (4 2 2 new),  c2
 *          c4 (3 3 5 loyal), c5 (5 4 3 champions)
 * </pre>
 */
class SegmentsTest {
  static final TransformSettings S = TransformSettings.defaults(Instant.parse("2026-03-31T23:59:59Z"));
  static Dataset<Row> segments;
  static Dataset<Row> customers;

  static String buys(String customer, String order, int amount) {
    return ",\"customer_id\":\"" + customer + "\",\"order_id\":\"" + order + "\",\"amount\":" + amount
        + ",\"currency\":\"USD\"";
  }

  static DetailTables detail;

  @BeforeAll
  static void build() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), List.of(
        e("p1", "2025-11-01T12:00:00Z", "purchase", "store", buys("c1", "o1", 100)),
        e("p2", "2026-02-10T12:00:00Z", "purchase", "store", buys("c1", "o2", 50)),
        e("r2", "2026-02-15T12:00:00Z", "return", "store", buys("c1", "o2", 50)),
        e("p3", "2026-03-05T12:00:00Z", "purchase", "store", buys("c1", "o3", 70)),
        e("k3", "2026-03-06T09:00:00Z", "contact", "phone", ",\"customer_id\":\"c1\",\"order_id\":\"o3\""),
        e("s1", "2026-03-06T10:00:00Z", "survey", "email", ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":10"),
        e("p4", "2025-12-01T12:00:00Z", "purchase", "store", buys("c2", "o4", 10)),
        e("s2", "2026-03-07T10:00:00Z", "survey", "email", ",\"customer_id\":\"c2\",\"survey_type\":\"nps\",\"score\":3"),
        e("p5", "2026-03-20T12:00:00Z", "purchase", "store", buys("c3", "o5", 30)),
        e("p6", "2026-03-10T12:00:00Z", "purchase", "store", buys("c4", "o6", 500)),
        e("p7", "2026-03-25T12:00:00Z", "purchase", "store", buys("c5", "o7", 20)),
        e("p8", "2026-03-26T12:00:00Z", "purchase", "store", buys("c5", "o8", 20))));
    Dataset<Row> attributes = TestSpark.session().sql(
        "SELECT * FROM VALUES ('c1', 'a'), ('c2', 'b'), ('c4', 'a') AS t(customer_id, persona)");
    detail = Details.of(events, S, java.util.Optional.of(attributes));
    customers = detail.customers();
    segments = Segments.TABLE.compute(detail, io.cx.transform.Dates.ALL, S).localCheckpoint();
  }

  /**
   * A run by date computes the months from its first open one to the as-of month: the same rows as
   * the computation of every month has there, down to the RFM scores made of the earlier orders.
   */
  @Test
  void theMonthsFromOneOnAreThoseOfEveryMonthsComputation() {
    for (String first : List.of("2025-11-01", "2025-12-01", "2026-02-01", "2026-03-01")) {
      io.cx.transform.Dates months = KpiTablesComputeTest.months(first, "2026-03-01");
      KpiTablesComputeTest.assertSameRows(Segments.TABLE.compute(detail, months, S),
          months.on(segments, KpiTables.DATE), "from " + first);
    }
    assertThat(Segments.TABLE.compute(detail, KpiTablesComputeTest.months("2026-03-01", "2026-03-01"), S)
        .select("month").distinct().collectAsList()).hasSize(1);
  }

  /**
   * The same months with the orders before a day collapsed per customer ({@link
   * io.cx.transform.OrderHistory}), as a run by date reads them: collapsed at the first month
   * computed (c1's two orders before March in one row), before an order's own date (c1's o2 on
   * 02-10 stays an order of its own), or earlier.
   * A history that collapses after the first month computed is not used.
   */
  @Test
  void theMonthsFromOneOnAreTheSameWithTheOrdersBeforeThemCollapsed() {
    KpiTablesComputeTest.assertSameWithOrdersCollapsed(Segments.TABLE, detail, segments, S, "2026-03-01",
        new String[][] {{"2026-02-01", "2026-02-01"}, {"2026-03-01", "2026-03-01"}, {"2026-03-01", "2026-02-10"},
        {"2026-03-01", "2025-12-01"}, {"2026-02-01", "2026-03-05"}});
  }

  static Row row(String month, String segment) {
    return row(month, "rfm", segment);
  }

  static Row row(String month, String kind, String segment) {
    List<Row> rows = segments.where("month = '" + month + "' AND segment_kind = '" + kind + "' AND segment = '"
        + segment + "'").collectAsList();
    assertThat(rows).as("%s %s", month, segment).hasSize(1);
    return rows.get(0);
  }

  @Test
  void everyMonthFromTheFirstOrderToTheAsOfMonth() {
    assertThat(segments.select("month").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("2025-11", "2025-12", "2026-01", "2026-02", "2026-03");
    expect(row("2025-11", "new"), Segments.CUSTOMERS, 1, Segments.ORDERS, 1, Segments.CHURNED, 0,
        KpiTables.DATE, java.sql.Date.valueOf("2025-11-01"));
    expect(row("2026-01", "loyal"), Segments.CUSTOMERS, 1, Segments.ORDERS, 0, Segments.CHURNED, 1,
        Segments.CHURN_RATE, 1.0);
    expect(row("2026-01", "new"), Segments.CUSTOMERS, 1, Segments.CHURNED, 0, Segments.CHURN_RATE, 0.0);
    Row feb = row("2026-02", "champions");
    expect(feb, Segments.CUSTOMERS, 1, Segments.ORDERS, 1, Segments.RETURNED_ORDERS, 1, Segments.RETURN_RATE, 1.0,
        Segments.CHURNED, 0);
    expect(row("2026-02", "loyal"), Segments.CUSTOMERS, 1, Segments.ORDERS, 0, Segments.CHURNED, 0);
    assertThat(feb.<java.math.BigDecimal>getAs(Segments.REVENUE)).isEqualByComparingTo("50.00");
  }

  @Test
  void aMonthWithFiveCustomersHasTheirSegmentsAndWhatTheyDidThatMonth() {
    assertThat(segments.where("month = '2026-03' AND segment_kind = 'rfm'").count()).isEqualTo(5);
    Row atRisk = row("2026-03", "at_risk");
    expect(atRisk, Segments.CUSTOMERS, 1, Segments.ORDERS, 1, Segments.ORDERS_WITH_CONTACT, 1,
        Segments.CONTACT_RATE, 1.0, Segments.RESPONSES, 1, Segments.PROMOTERS, 1, Segments.NPS, 100.0,
        Segments.CHURNED, 0);
    assertThat(atRisk.<java.math.BigDecimal>getAs(Segments.REVENUE)).isEqualByComparingTo("70.00");
    Row hibernating = row("2026-03", "hibernating");
    expect(hibernating, Segments.CUSTOMERS, 1, Segments.ORDERS, 0, Segments.DETRACTORS, 1, Segments.NPS, -100.0,
        Segments.CHURNED, 1, Segments.CHURN_RATE, 1.0);
    assertThat(hibernating.<Object>getAs(Segments.RETURN_RATE)).as("return rate without orders").isNull();
    expect(row("2026-03", "new"), Segments.CUSTOMERS, 1, Segments.ORDERS, 1);
    assertThat(row("2026-03", "loyal").<java.math.BigDecimal>getAs(Segments.REVENUE)).isEqualByComparingTo("500.00");
    expect(row("2026-03", "champions"), Segments.CUSTOMERS, 1, Segments.ORDERS, 2);
  }

  @Test
  void eachAttributeIsASegmentKindAndACustomerWithoutAValueIsUnknown() {
    assertThat(segments.where("month = '2026-03' AND segment_kind = 'persona'").count()).isEqualTo(3);
    Row a = row("2026-03", "persona", "a");
    expect(a, Segments.CUSTOMERS, 2, Segments.ORDERS, 2, Segments.PROMOTERS, 1);
    assertThat(a.<java.math.BigDecimal>getAs(Segments.REVENUE)).isEqualByComparingTo("570.00");
    expect(row("2026-03", "persona", "b"), Segments.CUSTOMERS, 1, Segments.ORDERS, 0, Segments.CHURNED, 1);
    expect(row("2026-03", "persona", Segments.UNKNOWN), Segments.CUSTOMERS, 2, Segments.ORDERS, 3);
    // Every kind counts the same customers.
    assertThat(segments.groupBy("month", "segment_kind").sum("customers").groupBy("month")
        .agg(org.apache.spark.sql.functions.count_distinct(org.apache.spark.sql.functions.col("sum(customers)")))
        .where("`count(DISTINCT sum(customers))` <> 1").count()).isZero();
  }

  @Test
  void customersCarryTheirRfmScoresAndAttributesBeforeTheDate() {
    assertThat(customers.columns()).endsWith("latest_nps", "rfm_recency", "rfm_frequency", "rfm_monetary",
        "rfm_segment", "persona", "date");
    assertThat(customers.where("customer_id = 'c1'").select("rfm_segment", "persona").first().toString())
        .isEqualTo("[at_risk,a]");
    assertThat(customers.where("customer_id = 'c5'").select("rfm_segment", "persona").first().toString())
        .isEqualTo("[champions,null]");
  }

  /**
   * A customer is one from their first order on: an NPS answer given before it is not counted, and
   * a month in which they only answered still has them, with their running totals.
   */
  @Test
  void anAnswerBeforeTheFirstOrderIsNotCountedAndAnAnswerAloneKeepsTheMonth() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), List.of(
        e("a1", "2026-01-15T10:00:00Z", "survey", "email", ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":2"),
        e("p1", "2026-02-01T12:00:00Z", "purchase", "store", buys("c1", "o1", 40)),
        e("a2", "2026-03-15T10:00:00Z", "survey", "email", ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":9")));
    DetailTables d = Details.of(events, S, java.util.Optional.empty());
    List<Row> rows = Segments.TABLE.compute(d, io.cx.transform.Dates.ALL, S).orderBy("month").collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs(KpiTables.MONTH)).containsExactly("2026-02", "2026-03");
    expect(rows.get(0), Segments.CUSTOMERS, 1, Segments.ORDERS, 1, Segments.RESPONSES, 0);
    expect(rows.get(1), Segments.CUSTOMERS, 1, Segments.ORDERS, 0, Segments.RESPONSES, 1, Segments.PROMOTERS, 1);
    assertThat(rows.get(1).<java.math.BigDecimal>getAs(Segments.REVENUE)).isEqualByComparingTo("0.00");
  }
}
