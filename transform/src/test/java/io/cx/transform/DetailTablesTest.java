package io.cx.transform;

import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The sparse events the KPI tables that need only those read. */
class DetailTablesTest {
  @Test
  void sparseEventsAreWhatCustomersSaidOrAskedAndPurchasesWithAReferralCode() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), List.of(
        e("view", "2026-01-05T12:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("cart", "2026-01-05T12:01:00Z", "add_to_cart", "web", ",\"customer_id\":\"c1\""),
        e("plain", "2026-01-05T12:02:00Z", "purchase", "web",
            ",\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":10,\"currency\":\"USD\""),
        e("coded", "2026-01-05T12:03:00Z", "purchase", "web",
            ",\"customer_id\":\"c2\",\"order_id\":\"o2\",\"amount\":10,\"currency\":\"USD\",\"referral_code\":\"R\""),
        e("back", "2026-01-06T12:00:00Z", "return", "web", ",\"customer_id\":\"c1\",\"order_id\":\"o1\""),
        e("asked", "2026-01-06T12:00:00Z", "contact", "phone", ",\"customer_id\":\"c1\",\"case_id\":\"k\""),
        e("said", "2026-01-07T12:00:00Z", "survey", "email", ",\"customer_id\":\"c1\",\"survey_type\":\"nps\",\"score\":9"),
        e("posted", "2026-01-07T13:00:00Z", "social", "social", ",\"customer_id\":\"c1\",\"engagement\":\"comment\""),
        e("shared", "2026-01-07T14:00:00Z", "referral", "app", ",\"customer_id\":\"c1\",\"referral_code\":\"R\"")))
        // as published: with the person key
        .withColumn(EventsContract.PERSON_KEY, org.apache.spark.sql.functions.col("customer_id"));
    Dataset<Row> sparse = SparseEvents.of(events);
    assertThat(sparse.columns()).containsExactlyElementsOf(SparseEvents.COLUMNS);
    List<String> ids = sparse.select("event_id").orderBy("event_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(ids).containsExactly("asked", "coded", "posted", "said", "shared");
  }
}
