package io.cx.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.ingest.EventContract;
import io.cx.testing.TestSpark;
import java.sql.Date;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Where re-deriving an affected person starts to read ({@link PersonSpans#narrowed}): a person who
 * only gains events from 03-02 on (journeys re-derived from 02-21 on, the default 30-minute
 * session gap) is read from the first event of a journey that reaches 02-20 or of a session that
 * reaches 02-28, and from 02-20 at the latest; a person who can lose events keeps the full span.
 */
class PersonSpansTest {
  static final StructType SPANS = new StructType()
      .add(AffectedPersons.PERSON, DataTypes.StringType)
      .add(AffectedPersons.LOSES, DataTypes.BooleanType)
      .add(PersonSpans.CHANGED_FROM, DataTypes.DateType)
      .add(PersonSpans.JOURNEYS_FROM, DataTypes.DateType)
      .add(PersonSpans.READ_FROM, DataTypes.DateType);
  static final StructType EVENTS = new StructType()
      .add(EventsContract.PERSON_KEY, DataTypes.StringType)
      .add(EventsContract.JOURNEY_ID, DataTypes.StringType)
      .add(EventsContract.SESSION_KEY, DataTypes.StringType)
      .add(EventContract.DATE, DataTypes.DateType);

  static Row span(String person, boolean loses, String readFrom) {
    return RowFactory.create(person, loses, Date.valueOf("2026-03-02"), Date.valueOf("2026-02-21"),
        Date.valueOf(readFrom));
  }

  static Row event(String person, String journey, String session, String date) {
    return RowFactory.create(person, journey, session, Date.valueOf(date));
  }

  @Test
  void aPersonWhoOnlyGainsEventsIsReadFromTheJourneyOrSessionTheyMayContinue() {
    SparkSession spark = TestSpark.session();
    List<Row> events = new ArrayList<>(List.of(
        // p1: journey J1 runs from 02-05 to 02-28; J0 ended on 02-01, long before.
        event("p1", "J0", null, "2026-01-25"), event("p1", "J0", null, "2026-02-01"),
        event("p1", "J1", null, "2026-02-05"), event("p1", "J1", null, "2026-02-28"),
        // p2: a session from 02-17 to 03-01 outside any journey (a call center's chain, say); S2 ended on 02-12.
        event("p2", null, "S", "2026-02-17"), event("p2", null, "S", "2026-03-01"),
        event("p2", null, "S2", "2026-02-10"), event("p2", null, "S2", "2026-02-12"),
        // p3: a journey that ended on 02-19, a day before the journeys re-derived can hold events.
        event("p3", "J3", "S3", "2026-02-02"), event("p3", "J3", "S3", "2026-02-19"),
        // p4 may lose events; p5's read window starts on 02-10, after its journey's start.
        event("p4", "J4", null, "2026-02-25"),
        event("p5", "J5", null, "2026-02-05"), event("p5", "J5", null, "2026-02-27")));
    Dataset<Row> spans = spark.createDataFrame(List.of(span("p1", false, "2026-01-20"), span("p2", false, "2026-01-20"),
        span("p3", false, "2026-01-20"), span("p4", true, "2026-01-20"), span("p5", false, "2026-02-10"),
        span("p6", false, "2026-01-20")), SPANS);
    Dataset<Row> narrowed = PersonSpans.narrowed(spans, spark.createDataFrame(events, EVENTS),
        TransformSettings.defaults(Instant.parse("2026-03-02T23:59:59Z")));

    assertThat(narrowed.columns()).containsExactly(spans.columns());
    Map<String, String> readFrom = narrowed.collectAsList().stream().collect(Collectors.toMap(
        r -> r.getString(0), r -> r.getDate(4).toString()));
    assertThat(readFrom).containsExactlyInAnyOrderEntriesOf(Map.of(
        "p1", "2026-02-05", "p2", "2026-02-17", "p3", "2026-02-20", "p4", "2026-01-20", "p5", "2026-02-10",
        "p6", "2026-02-20"));
  }
}
