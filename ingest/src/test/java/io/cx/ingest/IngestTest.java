package io.cx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.InputSpec.InputFormat;
import io.cx.testing.Files2;
import io.cx.testing.SparkUpgradeCanary;
import io.cx.testing.TestSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.LeftSemi$;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

class IngestTest {
  static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
  static final IngestSettings SETTINGS = IngestSettings.defaults(AS_OF);

  final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  static String ok(String id, String extra) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"page_view\","
        + "\"channel\":\"web\",\"anonymous_id\":\"a1\"" + extra + "}";
  }

  /** A valid page view at {@code eventTime} (as the record spells it). */
  static String okAt(String id, String eventTime) {
    return ok(id, "").replace("2026-02-01T10:00:00Z", eventTime);
  }

  Ingest.Result ingest(List<String> paths, Optional<String> mapping, IngestSettings settings) {
    List<InputSpec> specs = InputResolver.resolve(paths, Optional.empty(), spark.sparkContext().hadoopConfiguration());
    return Ingest.run(spark, specs, mapping, settings, "test-run");
  }

  Map<String, String> reasonById(Ingest.Result r) {
    Map<String, String> m = new HashMap<>();
    for (Row row : r.rejected().select("raw_record", "reject_reason").collectAsList()) {
      m.put(row.getString(0), row.getString(1));
    }
    return m;
  }

  @Test
  void everyRuleGetsItsOwnReason() {
    List<String> lines = List.of(
        ok("good", ""),
        "{\"event_id\": \"broken\", this is not json",
        "{\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t0\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t1\",\"event_time\":\"yesterday\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t2\",\"event_time\":\"2026-03-02T00:00:01Z\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t3\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"click\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t4\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"page_view\",\"channel\":\"fax\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t5\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"page_view\",\"channel\":\"web\"}",
        "{\"event_id\":\"t6\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\",\"customer_id\":\"c\",\"amount\":10}",
        "{\"event_id\":\"t7\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\",\"customer_id\":\"c\",\"order_id\":\"o\",\"amount\":-5}",
        "{\"event_id\":\"t8\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"add_to_cart\",\"channel\":\"web\",\"anonymous_id\":\"a\",\"quantity\":\"two\"}",
        "{\"event_id\":\"t9\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"survey\",\"channel\":\"email\",\"customer_id\":\"c\",\"survey_type\":\"nps\",\"score\":11}",
        "{\"event_id\":\"t10\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\",\"anonymous_id\":\"a\",\"order_id\":\"o\",\"amount\":1}",
        "{\"event_id\":\"t11\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"return\",\"channel\":\"web\",\"customer_id\":\"c\",\"order_id\":\"o\"}",
        "{\"event_id\":\"t12\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"contact\",\"channel\":\"phone\",\"customer_id\":\"c\",\"wait_seconds\":-1}",
        "{\"event_id\":\"t13\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"contact\",\"channel\":\"phone\",\"customer_id\":\"c\",\"resolved\":\"maybe\"}",
        "{\"event_id\":\"t14\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"survey\",\"channel\":\"email\",\"customer_id\":\"c\",\"survey_type\":\"stars\",\"score\":3}",
        "{\"event_id\":\"t15\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"survey\",\"channel\":\"email\",\"customer_id\":\"c\",\"survey_type\":\"csat\",\"score\":0}",
        "{\"event_id\":\"t16\",\"event_time\":\"2026-02-30T10:00:00Z\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"  \",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t17\",\"event_time\":\"0001-01-01T00:00:00Z\",\"event_type\":\"page_view\",\"channel\":\"web\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t18\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\",\"customer_id\":\"c\",\"order_id\":\"o\",\"amount\":\"9999999999999999.99\"}",
        "{\"event_id\":\"t19\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"social\",\"channel\":\"social\",\"anonymous_id\":\"a\"}",
        "{\"event_id\":\"t20\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"social\",\"channel\":\"social\",\"anonymous_id\":\"a\",\"engagement\":\"poke\"}",
        "{\"event_id\":\"t21\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"referral\",\"channel\":\"email\",\"customer_id\":\"c\"}",
        "{\"event_id\":\"t22\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"referral\",\"channel\":\"email\",\"anonymous_id\":\"a\",\"referral_code\":\"R1\"}",
        "{\"event_id\":\"t23\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"contact\",\"channel\":\"phone\",\"customer_id\":\"c\",\"sentiment\":1.5}",
        "{\"event_id\":\"t24\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"social\",\"channel\":\"social\",\"anonymous_id\":\"a\",\"engagement\":\"like\",\"sentiment\":\"positive\"}",
        // The ends of the sentiment's range are valid.
        "{\"event_id\":\"t25\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"social\",\"channel\":\"social\",\"anonymous_id\":\"a\",\"engagement\":\" Review \",\"sentiment\":-1.0}",
        "{\"event_id\":\"t26\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"social\",\"channel\":\"social\",\"anonymous_id\":\"a\",\"engagement\":\"comment\",\"sentiment\":\"1\"}");
    Path file = Files2.write(dir.resolve("in/events.jsonl"), lines);

    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), SETTINGS);

    Map<String, String> byEventId = new HashMap<>();
    for (Row row : r.rejected().select("event_id", "reject_reason", "raw_record").collectAsList()) {
      byEventId.put(row.getString(0) == null ? row.getString(2) : row.getString(0), row.getString(1));
    }
    assertThat(byEventId).containsEntry("{\"event_id\": \"broken\", this is not json", "malformed_record")
        .containsEntry("t0", "missing_event_time")
        .containsEntry("t1", "invalid_event_time")
        .containsEntry("t16", "invalid_event_time")
        .containsEntry("t17", "invalid_event_time")
        .containsEntry("t18", "invalid_amount")
        .containsEntry("t2", "future_event_time")
        .containsEntry("t3", "unknown_event_type")
        .containsEntry("t4", "unknown_channel")
        .containsEntry("t5", "missing_identity")
        .containsEntry("t10", "missing_identity")
        .containsEntry("t6", "missing_order_id")
        .containsEntry("t7", "invalid_amount")
        .containsEntry("t11", "invalid_amount")
        .containsEntry("t8", "invalid_number")
        .containsEntry("t12", "invalid_number")
        .containsEntry("t13", "invalid_number")
        .containsEntry("t9", "invalid_score")
        .containsEntry("t14", "invalid_score")
        .containsEntry("t15", "invalid_score")
        .containsEntry("t19", "missing_engagement")
        .containsEntry("t20", "missing_engagement")
        .containsEntry("t21", "missing_referral_code")
        .containsEntry("t22", "missing_identity")
        .containsEntry("t23", "invalid_sentiment")
        .containsEntry("t24", "invalid_sentiment");
    assertThat(r.rejected().where("event_id = 't19'").select("reject_detail").first().getString(0))
        .isEqualTo("a social event needs an engagement, one of like, comment, share, mention, review (ingest.engagements)");
    assertThat(r.rejected().where("event_id = 't20'").select("reject_detail").first().getString(0))
        .isEqualTo("engagement 'poke' is not one of like, comment, share, mention, review (ingest.engagements)");
    assertThat(r.rejected().where("event_id = 't23'").select("reject_detail").first().getString(0))
        .isEqualTo("sentiment '1.5' is not a number from -1 to 1");
    assertThat(r.rejected().where("event_id = 't24'").select("reject_detail").first().getString(0))
        .isEqualTo("sentiment 'positive' is not a number from -1 to 1");
    assertThat(r.rejected().where("reject_reason = 'missing_event_id'").count()).isEqualTo(2);
    assertThat(r.rejected().where("reject_detail is null or raw_record is null or source_file is null").count()).isZero();
    assertThat(r.events().select("event_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("good", "t25", "t26");
    assertThat(r.events().where("event_id = 't25'").select("engagement", "sentiment").first().toString())
        .isEqualTo("[review,-1.0]");
    InputCounts total = r.total();
    assertThat(total.rowsRead()).isEqualTo(lines.size());
    assertThat(total.rowsValid()).isEqualTo(3);
    assertThat(total.rowsRejected()).isEqualTo(lines.size() - 3);
    assertThat(total.reconciles()).isTrue();
    // late_event needs input loaded for a logical date: see lateEventsAndFutureTimesAreJudgedByTheLoadDate.
    assertThat(total.rejectsByReason().keySet()).containsExactlyInAnyOrderElementsOf(
        RejectReasons.REASONS.stream().filter(x -> !x.equals(RejectReasons.LATE_EVENT)).toList());
    r.release();
  }

  @Test
  void lateEventsAndFutureTimesAreJudgedByTheLoadDate() {
    Path file = Files2.write(dir.resolve("dt=2026-02-10/e.jsonl"), List.of(
        okAt("inside-lookback", "2026-02-07T00:00:00Z"),
        okAt("beyond-lookback", "2026-02-06T23:59:59Z"),
        okAt("tomorrow", "2026-02-11T23:59:59Z"),
        okAt("too-far-ahead", "2026-02-12T00:00:00Z")));
    InputSpec spec = InputResolver.resolve(List.of(file.toString()), Optional.empty(),
        spark.sparkContext().hadoopConfiguration()).get(0).withLoadedDate(0, java.time.LocalDate.parse("2026-02-10"));
    // The run's as-of time is far later (a backfill): the load date decides, not the run.
    Ingest.Result r = Ingest.run(spark, List.of(spec), Optional.empty(), SETTINGS, "run-1");

    Map<String, String> reasons = new HashMap<>();
    r.rejected().select("event_id", "reject_reason").collectAsList().forEach(x -> reasons.put(x.getString(0), x.getString(1)));
    assertThat(reasons).containsOnly(Map.entry("beyond-lookback", RejectReasons.LATE_EVENT),
        Map.entry("too-far-ahead", RejectReasons.FUTURE_EVENT_TIME));
    assertThat(r.rejected().where("event_id = 'too-far-ahead'").select("date").first().get(0).toString())
        .as("a future record is filed under its load date").isEqualTo("2026-02-10");
    assertThat(r.events().select("loaded_date").distinct().first().get(0).toString()).isEqualTo("2026-02-10");
    r.release();
  }

  @SparkUpgradeCanary
  @Test
  void aRecordDisplacesAPublishedEventOnlyWithAnEarlierTime() {
    Path file = Files2.write(dir.resolve("dt=2026-02-10/e.jsonl"), List.of(
        okAt("earlier-than-published", "2026-02-09T08:00:00Z"),
        okAt("later-than-published", "2026-02-09T08:00:00Z"),
        okAt("new", "2026-02-09T08:00:00Z")));
    InputSpec spec = InputResolver.resolve(List.of(file.toString()), Optional.empty(),
        spark.sparkContext().hadoopConfiguration()).get(0).withLoadedDate(0, java.time.LocalDate.parse("2026-02-10"));
    Dataset<Row> published = spark.sql("SELECT * FROM VALUES "
        + "('earlier-than-published', TIMESTAMP'2026-02-09 09:00:00', DATE'2026-02-09'), "
        + "('later-than-published', TIMESTAMP'2026-02-09 07:00:00', DATE'2026-02-09'), "
        + "('untouched', TIMESTAMP'2026-02-09 07:00:00', DATE'2026-02-09') "
        + "AS t(event_id, event_time, loaded_date)");

    Ingest.Result r = Ingest.run(spark, List.of(spec), Optional.empty(), SETTINGS, "run-1", Optional.of(published));

    assertThat(r.displaced().as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("earlier-than-published");
    assertThat(r.events().select("event_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("earlier-than-published", "new");
    assertThat(r.total().rowsDuplicate()).isEqualTo(1);
    assertThat(r.total().reconciles()).isTrue();
    r.release();
    // A nightly run's few records pick their rivals out of history by a broadcast semi join, so
    // history is scanned but never shuffled for the contest.
    LogicalPlan contest = r.persisted().get(1).toDF().queryExecution().optimizedPlan();
    List<LogicalPlan> semiJoins = new java.util.ArrayList<>();
    collect(contest, n -> n instanceof Join j && j.joinType() == LeftSemi$.MODULE$ && j.hint().rightHint().isDefined(),
        semiJoins::add);
    assertThat(semiJoins).as("broadcast semi joins of history with the run's event_ids").hasSize(1);
  }

  @Test
  void duplicatesKeepTheEarliestThenTheFirstRead() {
    Path first = Files2.write(dir.resolve("a/1.jsonl"), List.of(
        ok("d1", ",\"page\":\"first\"").replace("10:00:00Z", "10:05:00Z"),
        ok("d1", ",\"page\":\"earliest\""),
        ok("d2", ",\"page\":\"from-input-0\""),
        ok("d3", ",\"page\":\"line-1\""),
        ok("d3", ",\"page\":\"line-2\"")));
    Path second = Files2.write(dir.resolve("b/2.jsonl"), List.of(ok("d2", ",\"page\":\"from-input-1\"")));

    Ingest.Result r = ingest(List.of(first.toString(), second.toString()), Optional.empty(), SETTINGS);

    Map<String, String> page = new HashMap<>();
    r.events().select("event_id", "page").collectAsList().forEach(row -> page.put(row.getString(0), row.getString(1)));
    assertThat(page).containsOnly(
        Map.entry("d1", "earliest"), Map.entry("d2", "from-input-0"), Map.entry("d3", "line-1"));
    assertThat(r.inputs().get(0).rowsDuplicate()).isEqualTo(2);
    assertThat(r.inputs().get(1).rowsDuplicate()).isEqualTo(1);
    assertThat(r.inputs()).allMatch(InputCounts::reconciles);
    r.release();
  }

  @SparkUpgradeCanary
  @Test
  void jsonlInputsAreReadInOneScanAndEachRecordKeepsItsInput() {
    // A run by date reads one input per day. Read one scan each, 90 days made a plan of 90 scans.
    // The folder names are ones a file system spells in more than one way ("x x" and "x%20x").
    String[] days = {"dt=2026-02-01", "dt=2026-02-02 x", "dt=2026-02-03%20x", "dt=2026-02-04\u00fc"};
    List<InputSpec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      Path file = Files2.write(dir.resolve(days[i] + "/part-" + i + ".jsonl"),
          List.of(ok("e" + i, ""), ok("f" + i, ""), "{broken " + i));
      specs.add(InputResolver.resolve(List.of(file.getParent().toString()), Optional.empty(),
          spark.sparkContext().hadoopConfiguration()).get(0)
          .withLoadedDate(i, java.time.LocalDate.parse("2026-02-0" + (i + 1))));
    }

    Ingest.Result r = Ingest.run(spark, specs, Optional.empty(), SETTINGS, "run-1");

    assertThat(r.inputs()).extracting(InputCounts::rowsRead).containsExactly(3L, 3L, 3L, 3L);
    assertThat(r.inputs()).extracting(InputCounts::rowsValid).containsExactly(2L, 2L, 2L, 2L);
    Map<String, String> loaded = new HashMap<>();
    r.events().select("event_id", "loaded_date").collectAsList()
        .forEach(row -> loaded.put(row.getString(0), row.get(1).toString()));
    assertThat(loaded).containsOnly(
        Map.entry("e0", "2026-02-01"), Map.entry("f0", "2026-02-01"),
        Map.entry("e1", "2026-02-02"), Map.entry("f1", "2026-02-02"),
        Map.entry("e2", "2026-02-03"), Map.entry("f2", "2026-02-03"),
        Map.entry("e3", "2026-02-04"), Map.entry("f3", "2026-02-04"));
    Map<String, String> inputOfBroken = new HashMap<>();
    r.rejected().select("raw_record", "input").collectAsList()
        .forEach(row -> inputOfBroken.put(row.getString(0), row.getString(1)));
    assertThat(inputOfBroken).containsOnly(
        Map.entry("{broken 0", specs.get(0).path()), Map.entry("{broken 1", specs.get(1).path()),
        Map.entry("{broken 2", specs.get(2).path()), Map.entry("{broken 3", specs.get(3).path()));
    r.release();

    LogicalPlan plan = r.persisted().get(0).toDF().queryExecution().optimizedPlan();
    List<LogicalPlan> scans = new java.util.ArrayList<>();
    collect(plan, n -> n instanceof org.apache.spark.sql.execution.datasources.LogicalRelation, scans::add);
    assertThat(scans).as("file scans").hasSize(1);
    List<LogicalPlan> unions = new java.util.ArrayList<>();
    collect(plan, n -> n instanceof Union, unions::add);
    assertThat(unions).isEmpty();
  }

  @Test
  void aYearOfDailyInputsPlansWithoutGrowingInDepth() {
    // A backfill of a year reads one landing folder per day. An expression nested once per input
    // (the input path of a rejected record) overflowed the analyzer's stack at 360 folders.
    int days = 400;
    List<InputSpec> specs = new java.util.ArrayList<>();
    java.time.LocalDate first = java.time.LocalDate.parse("2025-01-01");
    for (int i = 0; i < days; i++) {
      Path file = Files2.write(dir.resolve("dt=" + first.plusDays(i) + "/events.jsonl"),
          List.of(okAt("e" + i, first.plusDays(i) + "T10:00:00Z"), "{broken " + i));
      specs.add(new InputSpec(i, file.getParent().toString(), InputFormat.JSONL, first.plusDays(i)));
    }

    Ingest.Result r = Ingest.run(spark, specs, Optional.empty(), SETTINGS, "run-1");

    assertThat(r.total().rowsValid()).isEqualTo(days);
    assertThat(r.total().rowsRejected()).isEqualTo(days);
    assertThat(r.inputs()).allMatch(c -> c.rowsRead() == 2 && c.rowsValid() == 1);
    Row last = r.rejected().where("raw_record = '{broken 399'").select("input", "loaded_date").first();
    assertThat(last.getString(0)).isEqualTo(specs.get(399).path());
    assertThat(last.get(1).toString()).isEqualTo("2026-02-04");
    r.release();
  }

  @SparkUpgradeCanary
  @Test
  void aUnionOfManyInputsIsABalancedTree() {
    List<Dataset<Row>> parts = new java.util.ArrayList<>();
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("n", "int");
    for (int i = 0; i < 400; i++) {
      parts.add(spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(i)), schema));
    }
    Dataset<Row> all = Ingest.unionAll(parts);
    // Two plan nodes a level (union, and the projection by name): 19 here, 800 for a chain.
    assertThat(depth(all.queryExecution().logical())).isLessThan(30);
    assertThat(Ingest.unionAll(parts.subList(0, 5)).collectAsList()).extracting(r -> r.getInt(0))
        .containsExactly(0, 1, 2, 3, 4);
  }

  static int depth(LogicalPlan plan) {
    int deepest = 0;
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      deepest = Math.max(deepest, depth(child));
    }
    return deepest + 1;
  }

  @Test
  void textThatIsNotUtf8IsPublishedWithReplacementCharacters() throws java.io.IOException {
    Path file = dir.resolve("bytes/x.jsonl");
    java.nio.file.Files.createDirectories(file.getParent());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xff, (byte) 0xfe, ' ', 'g', 'a', 'r', 'b', 'a', 'g', 'e', '\n'});
    bytes.write(ok("p\u00e4ge", ",\"page\":\"/caf").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.write(new byte[] {(byte) 0xe9, '"', '}', '\n'});
    java.nio.file.Files.write(file, bytes.toByteArray());

    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), SETTINGS);

    // Spark's strings hold bytes as read; turned into Java strings they would look valid either way.
    assertThat(r.rejected().where("not is_valid_utf8(raw_record) or not is_valid_utf8(reject_detail)").count())
        .isZero();
    assertThat(r.total().rowsRead()).isEqualTo(2);
    // The JSON parser refuses invalid UTF-8 inside a record too: both lines are malformed.
    assertThat(r.total().rejectsByReason()).containsExactly(Map.entry("malformed_record", 2L));
    assertThat(r.rejected().where("raw_record like '\uFFFD\uFFFD garbage'").count()).isEqualTo(1);
    r.release();

    // A Parquet input's strings are bytes nobody checked.
    Path parquet = dir.resolve("bytes-parquet");
    spark.sql("SELECT 'q1' AS event_id, '2026-02-01T10:00:00Z' AS event_time, 'page_view' AS event_type, "
        + "'web' AS channel, 'a1' AS anonymous_id, cast(unhex('2F636166E9') AS string) AS page")
        .write().parquet(parquet.toString());
    Ingest.Result p = ingest(List.of(parquet.toString()), Optional.empty(), SETTINGS);
    assertThat(p.events().where("is_valid_utf8(page)").select("page").first().getString(0)).isEqualTo("/caf\uFFFD");
    p.release();
  }

  @Test
  void aJsonArrayOnOneLineIsOneMalformedRecord() {
    Path withArray = Files2.write(dir.resolve("arrays/a.jsonl"), List.of(
        "{\"event_id\":\"a1\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\","
            + "\"customer_id\":\"c\",\"order_id\":\"o1\",\"amount\":150.30}",
        "  [" + ok("a2", "") + "," + ok("a3", "") + "]",
        "",
        "not json",
        ok("a4", "")));
    Files2.write(dir.resolve("arrays/b.jsonl"), List.of(ok("b1", ",\"page\":12345678901234567.89")));

    Ingest.Result r = ingest(List.of(withArray.getParent().toString()), Optional.empty(), SETTINGS);

    // One line, one record: 4 non-blank lines in a, 1 in b.
    assertThat(r.total().rowsRead()).isEqualTo(5);
    assertThat(r.events().select("event_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("a1", "a4", "b1");
    assertThat(r.total().rejectsByReason()).containsExactly(Map.entry("malformed_record", 2L));
    assertThat(r.rejected().where("raw_record like '  [%' and reject_detail like '%JSON array%'").count())
        .isEqualTo(1);
    // The amount's value is kept; a file without an array line keeps a number's text exactly.
    assertThat(r.events().where("event_id = 'a1'").select("amount").first().getDecimal(0))
        .isEqualByComparingTo("150.30");
    assertThat(r.events().where("event_id = 'b1'").select("page").first().getString(0))
        .isEqualTo("12345678901234567.89");
    r.release();

    // Through a mapping (the source's own, inferred columns) alike.
    Ingest.Result mapped = ingest(List.of(withArray.toString()), Optional.of("SELECT * FROM source"), SETTINGS);
    assertThat(mapped.total().rowsRead()).isEqualTo(4);
    assertThat(mapped.events().count()).isEqualTo(2);
    assertThat(mapped.total().rejectsByReason()).containsExactly(Map.entry("malformed_record", 2L));
    mapped.release();
  }

  @Test
  void oddFilesAreReadAsWhatTheyAreOrRefusedByName() {
    // A folder of JSONL and CSV files: read as one format, the others' rows would all be malformed.
    Files2.write(dir.resolve("mixed/a.jsonl"), List.of(ok("m1", "")));
    Files2.write(dir.resolve("mixed/b.csv"), List.of("event_id,event_time", "m2,2026-02-01T10:00:00Z"));
    assertThatThrownBy(() -> ingest(List.of(dir.resolve("mixed").toString()), Optional.empty(), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("more than one kind")
        .hasMessageContaining("1 csv (b.csv)").hasMessageContaining("1 jsonl (a.jsonl)");
    Files2.write(dir.resolve("unknown/notes.txt"), List.of("hello"));
    assertThatThrownBy(() -> ingest(List.of(dir.resolve("unknown").toString()), Optional.empty(), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("notes.txt").hasMessageContaining("--format");

    // An empty CSV file is an input without records; a quoted line break stays inside its field.
    Path empty = dir.resolve("quiet/events.csv");
    Files2.write(empty, List.of("x"));
    try {
      java.nio.file.Files.write(empty, new byte[0]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path quoted = Files2.write(dir.resolve("quoted/events.csv"), List.of(
        "event_id,event_time,event_type,channel,anonymous_id,page",
        "q1,2026-02-01T10:00:00Z,page_view,web,a1,\"two",
        "lines\""));
    Ingest.Result r = ingest(List.of(empty.toString(), quoted.toString()), Optional.empty(), SETTINGS);
    assertThat(r.inputs()).extracting(InputCounts::rowsRead).containsExactly(0L, 1L);
    assertThat(r.events().select("page").first().getString(0)).isEqualTo("two\nlines");
    r.release();
  }

  @Test
  void numbersKeepTheDigitsTheyWereWrittenWith() {
    // Parsed from the file's bytes, a JSON number keeps its text: a parser reading from a string
    // (from_json) turned 150.30 into 150.3 and 12345678901234567.89 into 1.2345678901234568E16, and
    // a rejected record's raw text would no longer show what was read.
    Path file = Files2.write(dir.resolve("numbers/e.jsonl"), List.of(
        "{\"event_id\":\"n1\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\","
            + "\"customer_id\":\"c\",\"order_id\":\"o1\",\"amount\":99999999.99,\"quantity\":2}",
        "{\"event_id\":\"n2\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\","
            + "\"customer_id\":\"c\",\"order_id\":\"o2\",\"amount\":150.30}",
        "{\"event_id\":\"n3\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\","
            + "\"customer_id\":\"c\",\"amount\":12345678901234567.89}"));
    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), SETTINGS);
    Map<String, BigDecimal> amounts = new HashMap<>();
    r.events().select("event_id", "amount").collectAsList().forEach(row -> amounts.put(row.getString(0),
        row.getDecimal(1)));
    assertThat(amounts).containsEntry("n1", new BigDecimal("99999999.99")).containsEntry("n2", new BigDecimal("150.30"));
    assertThat(r.rejected().select("raw_record").first().getString(0)).contains("\"amount\":\"12345678901234567.89\"");
    r.release();
  }

  @Test
  void inputsThatShareAFileAreReadOneAtATime() {
    // Given twice, a file is read twice (its records then compete as duplicates); one scan would
    // read it once and could only give its records one input.
    Path file = Files2.write(dir.resolve("shared/1.jsonl"), List.of(ok("s1", ""), ok("s2", "")));

    Ingest.Result r = ingest(List.of(file.getParent().toString(), file.toString()), Optional.empty(), SETTINGS);

    assertThat(r.inputs()).extracting(InputCounts::rowsRead).containsExactly(2L, 2L);
    assertThat(r.inputs()).extracting(InputCounts::rowsValid).containsExactly(2L, 0L);
    assertThat(r.inputs()).extracting(InputCounts::rowsDuplicate).containsExactly(0L, 2L);
    r.release();
  }

  @SparkUpgradeCanary
  @Test
  void validationIsPlannedOnceHoweverManyInputsARunReads() {
    // Inputs that are not JSONL are read one scan each (CSV groups its files by header line);
    // validation's generated code must not be copied into each input's branch of the union (it
    // was, once per day, and ran mostly interpreted).
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      paths.add(Files2.write(dir.resolve("day" + i + "/events.csv"), List.of(
          "event_id,event_time,event_type,channel,anonymous_id",
          "e" + i + ",2026-02-01T10:00:00Z,page_view,web,a1")).toString());
    }
    Ingest.Result r = ingest(paths, Optional.empty(), SETTINGS);
    assertThat(r.events().count()).isEqualTo(3);
    r.release();
    // Once no longer cached, the plan is the optimizer's own rather than a cached relation.
    LogicalPlan plan = r.persisted().get(0).toDF().queryExecution().optimizedPlan();

    java.util.function.Predicate<LogicalPlan> validates = n -> CollectionConverters.asJava(n.output()).stream()
        .anyMatch(a -> a.name().equals(Validation.REJECTED_INPUT));
    List<LogicalPlan> validating = new java.util.ArrayList<>();
    collect(plan, validates, validating::add);
    assertThat(validating).as("nodes that validate").isNotEmpty();
    List<LogicalPlan> branches = new java.util.ArrayList<>();
    collect(plan, n -> n instanceof Union, u -> branches.addAll(CollectionConverters.asJava(u.children())));
    assertThat(branches).hasSize(3);
    for (LogicalPlan branch : branches) {
      List<LogicalPlan> inBranch = new java.util.ArrayList<>();
      collect(branch, validates, inBranch::add);
      assertThat(inBranch).as("nodes under a union branch that validate").isEmpty();
    }
  }

  /** HotSpot's HugeMethodLimit: longer methods are not JIT-compiled unless -XX:-DontCompileHugeMethods. */
  static final int HUGE_METHOD_BYTES = 8000;

  @SparkUpgradeCanary
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} input(s)")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3})
  void validationCompilesToMethodsTheJitCanCompile(int inputs) {
    // Spark generates one method per stage for validation's projections. At 10-18 KB of bytecode
    // C1 ran out of registers and C2 out of nodes, and the method could end up interpreted. Several
    // JSONL inputs add the join that looks up each file's input to the same stage.
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      paths.add(Files2.write(dir.resolve("in" + i + "/one.jsonl"), List.of(ok("e" + i, ""))).toString());
    }
    Ingest.Result r = ingest(paths, Optional.empty(), SETTINGS);
    r.release();
    // Planned without adaptive execution, whose plan shows its stages' generated code only once run.
    org.apache.spark.sql.execution.SparkPlan plan;
    String adaptive = spark.conf().get("spark.sql.adaptive.enabled");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    try {
      plan = r.persisted().get(0).toDF().queryExecution().executedPlan();
    } finally {
      spark.conf().set("spark.sql.adaptive.enabled", adaptive);
    }
    List<scala.Tuple3<String, String, org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats>> stages =
        CollectionConverters.asJava(org.apache.spark.sql.execution.debug.package$.MODULE$.codegenStringSeq(plan));
    assertThat(stages).as("code-generated stages").isNotEmpty();
    for (int i = 0; i < stages.size(); i++) {
      assertThat(stages.get(i)._3().maxMethodCodeSize()).as("bytecode of the largest method of stage %d of %d",
          i + 1, stages.size()).isLessThan(HUGE_METHOD_BYTES);
    }
  }

  static void collect(LogicalPlan node, java.util.function.Predicate<LogicalPlan> match,
      java.util.function.Consumer<LogicalPlan> found) {
    if (match.test(node)) {
      found.accept(node);
    }
    CollectionConverters.asJava(node.children()).forEach(c -> collect(c, match, found));
  }

  @Test
  void timestampsBecomeUtcAndNaiveOnesUseTheSourceZone() {
    Path file = Files2.write(dir.resolve("tz.jsonl"), List.of(
        okAt("z", "2026-02-01T10:00:00Z"),
        okAt("offset", "2026-02-01T12:00:00+02:00"),
        okAt("offset-no-colon", "2026-02-01T05:00:00-0500"),
        ok("millis", "").replace("\"2026-02-01T10:00:00Z\"", "1769940000000"),
        okAt("naive", "2026-02-01 11:00:00"),
        okAt("late-evening", "2026-02-01T23:30:00Z")));
    IngestSettings berlin = new IngestSettings(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
        EventContract.DEFAULT_CHANNELS, "EUR", java.time.Duration.ofDays(1), 3, AS_OF, false,
        IngestSettings.DEFAULT_MAX_AMOUNT, IngestSettings.DEFAULT_EARLIEST_EVENT_TIME, EventContract.DEFAULT_ENGAGEMENTS);

    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), berlin);

    Map<String, Row> byId = new HashMap<>();
    r.events().select("event_id", "event_time", "date").collectAsList().forEach(row -> byId.put(row.getString(0), row));
    Instant ten = Instant.parse("2026-02-01T10:00:00Z");
    for (String id : List.of("z", "offset", "offset-no-colon", "millis", "naive")) {
      assertThat(((java.sql.Timestamp) byId.get(id).get(1)).toInstant()).as(id).isEqualTo(ten);
    }
    // 23:30 UTC is 18:30 in New York: same date; 10:00 UTC is 05:00 there.
    assertThat(byId.get("late-evening").get(2).toString()).isEqualTo("2026-02-01");
    assertThat(byId.get("z").get(2).toString()).isEqualTo("2026-02-01");
    r.release();
  }

  @Test
  void socialAndReferralEventsKeepTheirValues() {
    Path file = Files2.write(dir.resolve("s.jsonl"), List.of(
        "{\"event_id\":\"s1\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"Social\",\"channel\":\"social\","
            + "\"anonymous_id\":\"a\",\"touchpoint\":\"instagram\",\"engagement\":\" Review \",\"sentiment\":\"-1\"}",
        "{\"event_id\":\"s2\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"referral\",\"channel\":\"email\","
            + "\"customer_id\":\"c\",\"referral_code\":\"R-7\"}",
        "{\"event_id\":\"s3\",\"event_time\":\"2026-02-02T10:00:00Z\",\"event_type\":\"purchase\",\"channel\":\"web\","
            + "\"customer_id\":\"d\",\"order_id\":\"o\",\"amount\":5,\"referral_code\":\"R-7\",\"sentiment\":0.25}"));
    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), SETTINGS);
    assertThat(r.rejected().count()).isZero();
    Map<String, Row> byId = new HashMap<>();
    r.events().select("event_id", "event_type", "engagement", "sentiment", "referral_code").collectAsList()
        .forEach(row -> byId.put(row.getString(0), row));
    assertThat(byId.get("s1").getString(1)).isEqualTo("social");
    assertThat(byId.get("s1").getString(2)).isEqualTo("review");
    assertThat(byId.get("s1").getDouble(3)).isEqualTo(-1.0);
    assertThat(byId.get("s2").getString(4)).isEqualTo("R-7");
    assertThat(byId.get("s3").getString(4)).isEqualTo("R-7");
    assertThat(byId.get("s3").getDouble(3)).isEqualTo(0.25);
    r.release();
  }

  @Test
  void reportingZoneDecidesTheDate() {
    Path file = Files2.write(dir.resolve("d.jsonl"), List.of(
        okAt("early", "2026-02-01T02:00:00Z")));
    IngestSettings ny = new IngestSettings(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
        EventContract.DEFAULT_CHANNELS, "USD", java.time.Duration.ofDays(1), 3, AS_OF, false,
        IngestSettings.DEFAULT_MAX_AMOUNT, IngestSettings.DEFAULT_EARLIEST_EVENT_TIME, EventContract.DEFAULT_ENGAGEMENTS);
    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), ny);
    assertThat(r.events().select("date").first().get(0).toString()).isEqualTo("2026-01-31");
    r.release();
  }

  @Test
  void valuesAreNormalisedAndDefaulted() {
    Path file = Files2.write(dir.resolve("n.jsonl"), List.of(
        "{\"event_id\":\" p1 \",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"PURCHASE\",\"channel\":\"Web\","
            + "\"customer_id\":\"c1\",\"order_id\":\"o1\",\"amount\":\"19.999\",\"quantity\":\"2.0\"}",
        "{\"event_id\":\"k1\",\"event_time\":\"2026-02-01T10:00:00Z\",\"event_type\":\"contact\",\"channel\":\"phone\","
            + "\"customer_id\":\"c1\",\"resolved\":\"Yes\",\"wait_seconds\":30,\"handle_seconds\":\"120\"}"));
    Ingest.Result r = ingest(List.of(file.toString()), Optional.empty(), SETTINGS);
    Row p = r.events().where("event_id = 'p1'").first();
    assertThat(p.<String>getAs("event_type")).isEqualTo("purchase");
    assertThat(p.<String>getAs("channel")).isEqualTo("web");
    assertThat(p.<String>getAs("touchpoint")).isEqualTo("web");
    assertThat(p.<BigDecimal>getAs("amount")).isEqualByComparingTo("20.00");
    assertThat(p.<String>getAs("currency")).isEqualTo("USD");
    assertThat(p.<Integer>getAs("quantity")).isEqualTo(2);
    Row k = r.events().where("event_id = 'k1'").first();
    assertThat(k.<String>getAs("case_id")).isEqualTo("k1");
    assertThat(k.<Boolean>getAs("resolved")).isTrue();
    assertThat(k.<Long>getAs("wait_seconds")).isEqualTo(30L);
    assertThat(k.<Long>getAs("handle_seconds")).isEqualTo(120L);
    r.release();
  }

  @Test
  void readsCsvParquetAndGzip() {
    List<String> csv = List.of(
        "event_id,event_time,event_type,channel,anonymous_id,page",
        "c1,2026-02-01T10:00:00Z,page_view,web,a1,\"/search?q=a,b\"",
        "c2,2026-02-01T10:01:00Z,page_view,web,a1,\"say \"\"hi\"\"\"",
        "c3,2026-02-01T10:02:00Z,page_view,web");
    Path csvFile = Files2.write(dir.resolve("csv/e.csv.gz"), csv);
    Path jsonGz = Files2.write(dir.resolve("json/e.jsonl.gz"), List.of(ok("j1", "")));
    Path parquetDir = dir.resolve("pq");
    spark.read().schema(EventContract.SCHEMA).json(jsonGz.toString())
        .selectExpr("'p1' as event_id", "event_time", "event_type", "channel", "anonymous_id", "cast(3 as int) as quantity")
        .write().parquet(parquetDir.toString());

    Ingest.Result r = ingest(List.of(csvFile.toString(), jsonGz.toString(), parquetDir.toString()), Optional.empty(), SETTINGS);

    assertThat(r.inputs()).extracting(InputCounts::format).containsExactly("csv", "jsonl", "parquet");
    Map<String, String> page = new HashMap<>();
    r.events().select("event_id", "page").collectAsList().forEach(row -> page.put(row.getString(0), row.getString(1)));
    assertThat(page).containsOnlyKeys("c1", "c2", "j1", "p1");
    assertThat(page.get("c1")).isEqualTo("/search?q=a,b");
    assertThat(page.get("c2")).isEqualTo("say \"hi\"");
    assertThat(reasonById(r).values()).containsExactly("malformed_record");
    assertThat(r.events().where("event_id = 'p1'").first().<java.sql.Timestamp>getAs("event_time").toInstant())
        .isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
    r.release();
  }

  @Test
  void csvFilesOfOneInputWithColumnsInAnotherOrderAreReadByName() {
    Files2.write(dir.resolve("two/a.csv"), List.of(
        "event_id,event_time,event_type,channel,anonymous_id", "a1,2026-02-01T10:00:00Z,page_view,web,v1"));
    Files2.write(dir.resolve("two/b.csv"), List.of(
        "channel,event_type,event_time,event_id,anonymous_id", "app,page_view,2026-02-01T11:00:00Z,b1,v2"));
    Ingest.Result r = ingest(List.of(dir.resolve("two").toString()), Optional.empty(), SETTINGS);
    Map<String, String> channel = new HashMap<>();
    r.events().select("event_id", "channel").collectAsList().forEach(row -> channel.put(row.getString(0), row.getString(1)));
    assertThat(channel).containsOnly(Map.entry("a1", "web"), Map.entry("b1", "app"));
    r.release();
  }

  @Test
  void csvWithoutARequiredColumnIsRefusedWithItsName() {
    Path csvFile = Files2.write(dir.resolve("bad.csv"), List.of("id,event_time,event_type,channel", "1,2026-02-01T10:00:00Z,page_view,web"));
    assertThatThrownBy(() -> ingest(List.of(csvFile.toString()), Optional.empty(), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("event_id");
  }

  @Test
  void mappingTurnsOwnColumnsIntoTheContract() {
    Path csvFile = Files2.write(dir.resolve("own.csv"), List.of(
        "id,ts,kind,visitor,value",
        "1,1769940000000,view,v1,",
        "2,1769940060000,transaction,v1,12.50",
        "3,1769940120000"));
    String mapping = """
        SELECT concat('rr-', id) AS event_id, ts AS event_time,
               CASE kind WHEN 'view' THEN 'page_view' WHEN 'transaction' THEN 'purchase' END AS event_type,
               'web' AS channel, visitor AS customer_id,
               CASE WHEN kind = 'transaction' THEN concat('o-', id) END AS order_id,
               value AS amount, _source_file
        FROM source
        """;
    Ingest.Result r = ingest(List.of(csvFile.toString()), Optional.of(mapping), SETTINGS);
    assertThat(r.events().count()).isEqualTo(2);
    Row purchase = r.events().where("event_type = 'purchase'").first();
    assertThat(purchase.<BigDecimal>getAs("amount")).isEqualByComparingTo("12.50");
    assertThat(purchase.<String>getAs("source_file")).endsWith("own.csv");
    assertThat(reasonById(r).values()).containsExactly("malformed_record");
    assertThat(r.total().sourceRecords()).isEqualTo(3);
    assertThat(r.total().reconciles()).isTrue();
    r.release();
  }

  @Test
  void aMappingCanJoinNamedLookupSources() {
    Path reviews = Files2.write(dir.resolve("reviews.csv"), List.of(
        "review_id,order_id,review_score,answered_at", "r1,o1,4,2026-02-01 10:00:00", "r2,o2,2,2026-02-02 10:00:00"));
    Path orders = Files2.write(dir.resolve("lookups/orders.csv"), List.of(
        "order_id,customer_id", "o1,c1", "o2,c2", "o3,c3,extra"));
    LookupSources.Registered lookups = LookupSources.register(spark, Map.of("orders", orders.toString()), SETTINGS);
    String mapping = """
        SELECT concat('review-', r.review_id) AS event_id, r.answered_at AS event_time, 'survey' AS event_type,
               'email' AS channel, o.customer_id, r.order_id, 'csat' AS survey_type, r.review_score AS score
        FROM source r LEFT JOIN orders o ON r.order_id = o.order_id
        """;
    Ingest.Result r = ingest(List.of(reviews.toString()), Optional.of(mapping), SETTINGS);
    Map<String, String> customer = new HashMap<>();
    r.events().select("event_id", "customer_id").collectAsList().forEach(row -> customer.put(row.getString(0), row.getString(1)));
    assertThat(customer).containsOnly(Map.entry("review-r1", "c1"), Map.entry("review-r2", "c2"));
    assertThat(lookups.lookups()).containsExactly(new LookupSources.Lookup("orders", orders.toString(), 2, 1));
    r.release();
    lookups.release();
    assertThatThrownBy(() -> LookupSources.register(spark, Map.of("source", orders.toString()), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("identifier other than 'source'");
  }

  @Test
  void brokenMappingsAreClearErrors() {
    Path file = Files2.write(dir.resolve("m.jsonl"), List.of(ok("x", "")));
    assertThatThrownBy(() -> ingest(List.of(file.toString()),
        Optional.of("SELECT event_id, event_time, event_type, anonymous_id FROM source"), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("lacks the contract column(s) channel");
    assertThatThrownBy(() -> ingest(List.of(file.toString()),
        Optional.of("SELECT event_id, event_time, event_type, channel, anonymous_id AS custmer_id FROM source"), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("customer_id or anonymous_id");
    assertThatThrownBy(() -> ingest(List.of(file.toString()),
        Optional.of("SELECT event_id, event_time, event_type, channel, anonymous_id, page_url FROM source"), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("does not run");
    assertThatThrownBy(() -> ingest(List.of(file.toString()),
        Optional.of("SELECT event_id, event_time, event_type, channel, anonymous_id, 'x' AS colour FROM source"), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("not in the event contract: colour");
  }

  @Test
  void inputsThatMatchNothingOrHaveNoKnownFormatAreClearErrors() {
    assertThatThrownBy(() -> ingest(List.of(dir.resolve("nothing/*.jsonl").toString()), Optional.empty(), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("matches no data files");
    Path odd = Files2.write(dir.resolve("odd/events.txt"), List.of(ok("x", "")));
    assertThatThrownBy(() -> ingest(List.of(odd.toString()), Optional.empty(), SETTINGS))
        .isInstanceOf(InputException.class).hasMessageContaining("--format");
    assertThat(InputFormat.fromFileName("x.CSV.GZ")).contains(InputFormat.CSV);
  }

  @Test
  void qualityGateNamesTheTopReasons() {
    InputCounts c = new InputCounts("in", "jsonl", 100, 100, 80, 15, 5,
        Map.of("invalid_amount", 10L, "unknown_channel", 5L));
    assertThat(QualityGate.check(c, 0.2)).isEmpty();
    assertThat(QualityGate.check(c, 0.1)).get().asString()
        .contains("15 of 100 rows rejected").contains("invalid_amount 10, unknown_channel 5");
  }
}
