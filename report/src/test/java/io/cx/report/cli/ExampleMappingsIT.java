package io.cx.report.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.ingest.Ingest;
import io.cx.ingest.IngestSettings;
import io.cx.ingest.InputResolver;
import io.cx.ingest.LookupSources;
import io.cx.report.config.CxConfig;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mapping in {@code examples/} is read and validated as {@code examples/run-real.sh} has
 * {@code cx run} do it (its {@code run.conf} inputs, lookups and as-of time, its {@code cx.conf}),
 * on a few records written here by hand in the real export's layout (its header, its value
 * formats), so that a mapping broken by an edit fails the build, and not only a run on the real
 * data, which CI does not have. Each example's records cover the branches of its mapping; the
 * test checks the valid events and the rejected records they give. Ingest only: what happens to
 * valid events after it is the other tests' subject, and a whole run per example would cost about
 * half a minute each.
 */
class ExampleMappingsIT {
  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir static Path dir;

  @BeforeAll
  static void shareTheTestSession() {
    TestSpark.session();
  }

  /**
   * Hand-made records of one dataset: its files by the path {@code run.conf} names them with
   * (a name ending in {@code .gz} is written gzipped), the valid events they must give by
   * event_type, the rejected ones by reason, and Spark SQL checks over the valid events (a query
   * on the view {@code mapped} and the one row it must return).
   */
  record Fixture(Map<String, List<String>> files, Map<String, Long> eventsByType, Map<String, Long> rejectsByReason,
      Map<String, List<Object>> checks) {}

  static final Map<String, Fixture> FIXTURES = fixtures();

  @Test
  void everyExampleMappingHasHandMadeRecords() throws IOException {
    TreeSet<String> mapped = new TreeSet<>();
    try (Stream<Path> folders = Files.list(EXAMPLES)) {
      folders.filter(f -> Files.isRegularFile(f.resolve("mapping.sql"))).forEach(f -> mapped.add(f.getFileName().toString()));
    }
    assertThat(mapped).as("examples with a mapping.sql").isNotEmpty();
    assertThat(new TreeSet<>(FIXTURES.keySet())).isEqualTo(mapped);
  }

  @TestFactory
  Stream<DynamicTest> eachMappingRunsOnItsDatasetsLayout() {
    return FIXTURES.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> runs(name)));
  }

  private static void runs(String name) throws IOException {
    Fixture fixture = FIXTURES.get(name);
    Path example = EXAMPLES.resolve(name);
    Path data = dir.resolve(name);
    fixture.files().forEach((file, lines) -> write(data.resolve(file), lines));
    Map<String, String> conf = runConf(example.resolve("run.conf"));
    Map<String, String> lookups = new LinkedHashMap<>();
    for (String source : words(conf.get("SOURCES"))) {
      int eq = source.indexOf('=');
      lookups.put(source.substring(0, eq), data.resolve(source.substring(eq + 1)).toString());
    }
    List<String> inputs = words(conf.get("INPUTS")).stream().map(i -> data.resolve(i).toString()).toList();
    SparkSession spark = TestSpark.session();
    IngestSettings settings = CxConfig.load(Optional.of(example.resolve("cx.conf").toFile()), Map.of())
        .ingestSettings(RunCommand.parseAsOf(conf.get("AS_OF")));

    LookupSources.Registered registered = LookupSources.register(spark, lookups, settings);
    Ingest.Result ingested = Ingest.run(spark,
        InputResolver.resolve(inputs, Optional.empty(), spark.sparkContext().hadoopConfiguration()),
        Optional.of(Files.readString(example.resolve("mapping.sql"))), settings, "example-" + name);
    try {
      assertThat(new TreeMap<>(ingested.total().rejectsByReason())).as("%s: rejected records by reason %s", name,
              ingested.rejected().select("reject_reason", "reject_detail").collectAsList())
          .isEqualTo(new TreeMap<>(fixture.rejectsByReason()));
      assertThat(ingested.total().rowsDuplicate()).as("%s: duplicates", name).isZero();
      Map<String, Long> byType = new TreeMap<>();
      for (Row row : ingested.events().groupBy("event_type").count().collectAsList()) {
        byType.put(row.getString(0), row.getLong(1));
      }
      assertThat(byType).as("%s: valid events by type", name).isEqualTo(new TreeMap<>(fixture.eventsByType()));
      ingested.events().createOrReplaceTempView("mapped");
      fixture.checks().forEach((sql, expected) -> {
        List<Row> rows = spark.sql(sql).collectAsList();
        assertThat(rows).as("%s: %s", name, sql).hasSize(1);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < rows.get(0).size(); i++) {
          values.add(rows.get(0).get(i));
        }
        assertThat(values).as("%s: %s", name, sql).isEqualTo(expected);
      });
    } finally {
      ingested.release();
      registered.release();
    }
  }

  private static Map<String, Fixture> fixtures() {
    Map<String, Fixture> f = new LinkedHashMap<>();
    // Invoice lines; a cancellation (C...) reverses the same customer's latest earlier invoice with
    // that stock code; a guest invoice has no customer; an A... line is bookkeeping.
    f.put("online_retail", new Fixture(Map.of("online_retail.csv.gz", List.of(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "600001,10001,RED MUG,2,2011-01-05 10:00:00,1.50,12345,United Kingdom",
            "600001,10002,BLUE PLATE,1,2011-01-05 10:00:00,3.00,12345,United Kingdom",
            "C600002,10001,RED MUG,-1,2011-01-06 09:00:00,1.50,12345,United Kingdom",
            "600003,10003,TEA TOWEL,4,2011-01-07 11:00:00,0.85,,United Kingdom",
            "600004,10003,TEA TOWEL,1,2011-02-01 12:00:00,0.85,12346,France",
            "600005,10002,BLUE PLATE,2,2011-03-01 13:00:00,3.00,12347,United Kingdom",
            "600006,10001,RED MUG,1,2011-03-02 14:00:00,1.50,12345,United Kingdom",
            "A600007,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom")),
        Map.of("purchase", 4L, "return", 1L), Map.of("missing_identity", 1L),
        Map.of("SELECT order_id, CAST(amount AS STRING), customer_id FROM mapped WHERE event_type = 'return'",
            List.of("600001", "1.50", "12345"),
            "SELECT CAST(amount AS STRING), currency FROM mapped WHERE order_id = '600001' AND event_type = 'purchase'",
            List.of("6.00", "GBP"))));
    // A visitor's views, a cart and a transaction of two items; another visitor who only views.
    f.put("retailrocket", new Fixture(Map.of("retailrocket/events_sample_5000_visitors.csv", List.of(
            "timestamp,visitorid,event,itemid,transactionid",
            "1433193132535,101,view,5001,",
            "1433193192535,101,addtocart,5001,",
            "1433193252535,101,transaction,5001,9001",
            "1433193252535,101,transaction,5002,9001",
            "1433194000000,102,view,5003,")),
        Map.of("page_view", 2L, "add_to_cart", 1L, "purchase", 1L), Map.of(),
        Map.of("SELECT order_id, quantity, customer_id, anonymous_id FROM mapped WHERE event_type = 'purchase'",
            List.of("9001", 2, "rr-101", "rr-101"),
            "SELECT count(*) FROM mapped WHERE anonymous_id = 'rr-101' AND customer_id IS NULL", List.of(2L))));
    // Times with a " UTC" suffix; two purchase rows of one session in one second are one order.
    f.put("rees46", new Fixture(Map.of("rees46/2019-Oct_head.csv", List.of(
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session",
            "2019-10-01 00:00:00 UTC,view,1001,2001,electronics.smartphone,acme,99.00,7001,sess-a",
            "2019-10-01 00:01:00 UTC,cart,1001,2001,electronics.smartphone,acme,99.00,7001,sess-a",
            "2019-10-01 00:02:00 UTC,purchase,1001,2001,electronics.smartphone,acme,99.00,7001,sess-a",
            "2019-10-01 00:02:00 UTC,purchase,1002,2002,,acme,10.50,7001,sess-a",
            "2019-10-01 00:05:00 UTC,view,1003,2003,,,5.00,7002,sess-b")),
        Map.of("page_view", 2L, "add_to_cart", 1L, "purchase", 1L), Map.of(),
        Map.of("SELECT CAST(amount AS STRING), session_id, CAST(event_time AS STRING) FROM mapped WHERE event_type = 'purchase'",
            List.of("109.50", "sess-a", "2019-10-01 00:02:00"))));
    // Orders with payments, the person behind each per-order customer_id, and a review whose
    // comment spans two lines (quoted, as in the export).
    f.put("olist", new Fixture(Map.of(
            "olist/olist_orders_dataset.csv", List.of(
                "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,"
                    + "order_delivered_customer_date,order_estimated_delivery_date",
                "o1,cust-1,delivered,2018-08-15 11:30:33,2018-08-15 11:44:11,2018-08-15 12:44:00,2018-08-20 15:15:42,"
                    + "2018-08-27 00:00:00",
                "o2,cust-2,canceled,2018-08-16 09:00:00,,,,2018-08-30 00:00:00"),
            "olist/olist_order_payments_dataset.csv", List.of(
                "order_id,payment_sequential,payment_type,payment_installments,payment_value",
                "o1,1,credit_card,1,50.00", "o1,2,voucher,1,10.00", "o2,1,boleto,1,20.00"),
            "olist/olist_customers_dataset.csv", List.of(
                "customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state",
                "cust-1,person-1,78135,varzea grande,MT", "cust-2,person-2,01001,sao paulo,SP"),
            "olist/olist_order_reviews_dataset.csv", List.of(
                "review_id,order_id,review_score,review_comment_title,review_comment_message,review_creation_date,"
                    + "review_answer_timestamp",
                "r1,o1,4,,\"chegou antes do prazo", "recomendo\",2018-08-21 00:00:00,2018-08-22 10:00:00")),
        Map.of("purchase", 2L, "survey", 1L, "social", 1L), Map.of(),
        Map.of("SELECT CAST(amount AS STRING), customer_id, reason FROM mapped WHERE order_id = 'o1' AND event_type = 'purchase'",
            List.of("60.00", "person-1", "delivered"),
            "SELECT customer_id, score, survey_type FROM mapped WHERE event_type = 'survey'",
            List.of("person-1", 4, "csat"),
            "SELECT customer_id, engagement, sentiment, order_id FROM mapped WHERE event_type = 'social'",
            List.of("person-1", "review", 0.5, "o1"))));
    // One call of each outcome: answered, abandoned in the queue, ended in the voice menu, phantom
    // (the last just after midnight in Israel, which is the day before in UTC).
    f.put("technion_calls", new Fixture(Map.of("call_center/technion_anonbank_calls_one_day_1999.csv", List.of(
            "vru+line,call_id,type,vru_entry,vru_exit,vru_time,q_start,q_exit,q_time,outcome,ser_start,ser_exit,ser_time,"
                + "server,server_abv",
            "AA0101,10001,PS,7:00:10,7:00:30,20,7:00:30,7:01:30,60,AGENT,7:01:30,7:04:30,180,MICHAL,MI",
            "AA0101,10002,PS,7:05:00,7:05:20,20,7:05:20,7:06:20,60,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_",
            "AA0102,10001,PS,7:10:00,7:10:20,20,0:00:00,0:00:00,0,HANG,0:00:00,0:00:00,0,NO_SERVER,NO_",
            "AA0102,10004,PS,0:30:00,0:30:05,5,0:00:00,0:00:00,0,PHANTOM,0:00:00,0:00:00,0,NO_SERVER,NO_")),
        Map.of("contact", 4L), Map.of(),
        Map.of("SELECT touchpoint, wait_seconds, handle_seconds, reason FROM mapped WHERE event_id = 'technion-AA0101-10001'",
            List.of("call_center", 60L, 180L, "answered_PS"),
            "SELECT concat_ws(',', sort_array(collect_list(touchpoint || ':' || reason))) FROM mapped WHERE wait_seconds IS NULL",
            List.of("call_center_queue:abandoned_in_queue,ivr:ended_in_voice_menu,ivr:phantom"),
            "SELECT CAST(event_time AS STRING) FROM mapped WHERE event_id = 'technion-AA0102-10004'",
            List.of("1998-12-31 22:30:00"))));
    // A complaint by phone that was closed, one by the web form still open.
    f.put("comcast_complaints", new Fixture(Map.of("call_center/comcast_fcc_complaints_2015.csv", List.of(
            "Ticket #,Customer Complaint,Date,Date_month_year,Time,Received Via,City,State,Zip code,Status,"
                + "Filing on Behalf of Someone",
            "250635,Comcast Cable Internet Speeds,22-04-2015,22-Apr-15,3.53.50 PM,Customer Care Call,Abingdon,Maryland,"
                + "21009,Closed,No",
            "223441,Payment disappear - service got disconnected,04-08-2015,04-Aug-15,10.22.56 AM,Internet,Acworth,"
                + "Georgia,30102,Open,No")),
        Map.of("contact", 2L), Map.of(),
        Map.of("SELECT channel, resolved, case_id, CAST(event_time AS STRING) FROM mapped WHERE event_id = 'comcast-250635'",
            List.of("phone", true, "250635", "2015-04-22 15:53:50"),
            "SELECT channel, resolved FROM mapped WHERE event_id = 'comcast-223441'", List.of("web", false))));
    // A visit with a page view, an add to cart and a purchase hit (revenue in micro-dollars, on the
    // visit total only), by the Google Analytics columns.
    List<String> ga = List.of("fullVisitorId", "channelGrouping", "time", "country", "city", "totalTransactionRevenue",
        "transactions", "timeOnSite", "pageviews", "sessionQualityDim", "date", "visitId", "type", "productRefundAmount",
        "productQuantity", "productPrice", "productRevenue", "productSKU", "v2ProductName", "v2ProductCategory",
        "productVariant", "currencyCode", "itemQuantity", "itemRevenue", "transactionRevenue", "transactionId", "pageTitle",
        "searchKeyword", "pagePathLevel1", "eCommerceAction_type", "eCommerceAction_step", "eCommerceAction_option");
    f.put("ga_merch_store", new Fixture(Map.of("ga_merch_store/all_sessions.csv.gz", List.of(String.join(",", ga),
            gaHit(ga, Map.of("time", "0", "eCommerceAction_type", "0", "pagePathLevel1", "/home")),
            gaHit(ga, Map.of("time", "30000", "eCommerceAction_type", "3", "productSKU", "GGOE1", "pagePathLevel1", "/bottles/")),
            gaHit(ga, Map.of("time", "90000", "eCommerceAction_type", "6", "productSKU", "GGOE1",
                "totalTransactionRevenue", "20990000", "transactionId", "ORD1", "currencyCode", "USD",
                "pagePathLevel1", "/ordercompleted.html")))),
        Map.of("page_view", 1L, "add_to_cart", 1L, "purchase", 1L), Map.of(),
        Map.of("SELECT order_id, CAST(amount AS STRING), currency, touchpoint, customer_id FROM mapped "
                + "WHERE event_type = 'purchase'", List.of("ORD1", "20.99", "USD", "organic_search", "ga-111"),
            "SELECT count(DISTINCT session_id), min(session_id) FROM mapped", List.of(1L, "1489992840"))));
    return f;
  }

  /** One hit of the Google Analytics sample: visitor 111's visit, organic search, and the given columns. */
  private static String gaHit(List<String> columns, Map<String, String> values) {
    Map<String, String> all = new LinkedHashMap<>(Map.of("fullVisitorId", "111", "channelGrouping", "Organic Search",
        "country", "United States", "date", "20170320", "visitId", "1489992840", "type", "PAGE"));
    all.putAll(values);
    return String.join(",", columns.stream().map(c -> all.getOrDefault(c, "")).toList());
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
      try (OutputStream o = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
          : Files.newOutputStream(file)) {
        o.write(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code NAME="value"} lines of a run.conf. */
  private static Map<String, String> runConf(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      int eq = l.indexOf('=');
      if (l.startsWith("#") || eq < 0) {
        continue;
      }
      out.put(l.substring(0, eq), l.substring(eq + 1).replaceAll("^\"|\"$", ""));
    }
    return out;
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
  }
}
