package io.cx.transform;

import static io.cx.testing.EventFixtures.e;
import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.EventFixtures;
import io.cx.testing.TestSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The journey's maximum length (default 30 days): a journey ends before an event more than that
 * after its first event, even when no silence is longer than the timeout.
 */
class JourneyLengthTest {
  static final Instant AS_OF = Instant.parse("2026-04-30T00:00:00Z");

  @Test
  void aPieceStartsAtTheFirstEventMoreThanTheLengthAfterThePiecesStart() {
    // Times in units; the length is 10: 0..10 is one piece, 11 starts one, 21 is 10 after it, 22 is not.
    List<String> first = Journeys.firstEvents(List.of(0L, 4L, 10L, 11L, 15L, 21L, 22L, 22L),
        List.of("a", "b", "c", "d", "e", "f", "g", "h"), 10);
    assertThat(first).containsExactly("a", "a", "a", "d", "d", "d", "g", "g");
    assertThat(Journeys.firstEvents(List.of(), List.of(), 10)).isEmpty();
  }

  /**
   * c1 views a page every 6 days (never silent for the 7-day timeout): 03-01 to 03-31 exactly is
   * one journey (the last view is exactly 30 days after the first); the view one second later
   * starts the next, which again takes in exactly 30 days and no more. c2 buys in between, so the
   * purchase ends the journey and the length counts from the next event.
   */
  /** c1's page views a1..a5, every six days from 03-01 00:00 (never the 7-day timeout apart). */
  static List<String> viewsEverySixDays() {
    List<String> views = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      views.add(e("a" + (i + 1), "2026-03-" + String.format("%02d", 1 + 6 * i) + "T00:00:00Z", "page_view", "web",
          ",\"customer_id\":\"c1\""));
    }
    return views;
  }

  static List<String> with(List<String> first, String... more) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void theLengthCutsAJourneyAtItsBoundary() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), with(viewsEverySixDays(),
        e("a6", "2026-03-31T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("a7", "2026-03-31T00:00:01Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("a8", "2026-04-06T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("a9", "2026-04-12T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("b1", "2026-04-18T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("b2", "2026-04-24T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("b3", "2026-04-30T00:00:01Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("b4", "2026-04-30T00:00:02Z", "page_view", "web", ",\"customer_id\":\"c1\""),
        e("p1", "2026-03-01T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("pa", "2026-03-07T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("pb", "2026-03-13T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("p2", "2026-03-19T00:00:00Z", "purchase", "web",
            ",\"customer_id\":\"c2\",\"order_id\":\"o2\",\"amount\":5,\"currency\":\"USD\""),
        e("p3", "2026-03-25T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("p4", "2026-03-31T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\""),
        e("p5", "2026-04-06T00:00:00Z", "page_view", "web", ",\"customer_id\":\"c2\"")));
    TransformSettings s = TransformSettings.defaults(AS_OF);
    Detail d = Transform.tables(Transform.enrich(events, s), s, Stage.inMemory());
    Map<String, String> journeyOf = d.current().events().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("event_id"), r -> r.getAs("journey_id")));
    for (String id : List.of("a2", "a3", "a4", "a5", "a6")) {
      assertThat(journeyOf.get(id)).as(id).isEqualTo("c1|a1");
    }
    for (String id : List.of("a8", "a9", "b1", "b2", "b3")) {
      assertThat(journeyOf.get(id)).as(id).isEqualTo("c1|a7");
    }
    assertThat(journeyOf.get("b4")).isEqualTo("c1|b4");
    assertThat(journeyOf.get("p2")).isEqualTo("c2|p1");
    assertThat(journeyOf.get("p5")).as("36 days after p1, but p2's purchase ended that journey").isEqualTo("c2|p3");

    Map<String, Row> journeys = d.current().journeys().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("journey_id"), r -> r));
    assertThat(journeys).containsOnlyKeys("c1|a1", "c1|a7", "c1|b4", "c2|p1", "c2|p3");
    Row first = journeys.get("c1|a1");
    assertThat(first.<String>getAs("outcome")).as("a journey the length ended is over").isEqualTo("not_purchased");
    assertThat(first.<Long>getAs("events")).isEqualTo(6L);
    assertThat(first.getAs("date").toString()).isEqualTo("2026-03-31");
    assertThat(journeys.get("c1|a7").<Long>getAs("events")).isEqualTo(6L);
    assertThat(journeys.get("c1|a7").<String>getAs("outcome")).isEqualTo("not_purchased");
    assertThat(journeys.get("c1|b4").<String>getAs("outcome")).isEqualTo("open");
    assertThat(journeys.get("c2|p1").<String>getAs("outcome")).isEqualTo("purchased");
  }

  @Test
  void aLongerMaximumLengthKeepsTheJourneyWhole() {
    Dataset<Row> events = EventFixtures.events(TestSpark.session(), with(viewsEverySixDays(),
        e("a6", "2026-03-31T00:00:01Z", "page_view", "web", ",\"customer_id\":\"c1\"")));
    TransformSettings d = TransformSettings.defaults(AS_OF);
    TransformSettings longer = new TransformSettings(d.sessionGap(), d.journeyTimeout(), Duration.ofDays(31),
        d.returnWindow(), d.contactWindow(), d.referralWindow(), d.churnWindow(), d.stitchLookback(), d.asOf(), d.reportingTimeZone(),
        d.reportingCurrency());
    assertThat(Transform.events(Transform.enrich(events, longer)).select("journey_id").distinct().count()).isEqualTo(1);
    assertThat(Transform.events(Transform.enrich(events, d)).select("journey_id").distinct().count()).isEqualTo(2);
  }
}
