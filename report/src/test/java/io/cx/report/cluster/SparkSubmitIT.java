package io.cx.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.report.Duck;
import io.cx.report.cli.Main;
import io.cx.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a real Spark standalone cluster: a master and a worker started from the
 * Maven classpath on 127.0.0.1, the job submitted with SparkSubmit in client mode, exactly as a
 * data engineer submits it, Spark provided by the cluster. Its tables must equal a local-mode run's.
 * Runs after {@code package} (failsafe), because it submits {@code target/cx.jar}.
 */
class SparkSubmitIT {
  static final String AS_OF = "2026-02-01T00:00:00Z";
  @TempDir static Path work;
  static final List<Process> cluster = new ArrayList<>();
  static int masterPort;
  static ChildJvm jvm;

  @BeforeAll
  static void startCluster() throws Exception {
    jvm = new ChildJvm(work);
    masterPort = ChildJvm.freePort();
    cluster.add(jvm.start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(ChildJvm.freePort())), null));
    jvm.awaitLog("master", "I have been elected leader", Duration.ofSeconds(90));
    cluster.add(jvm.start("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
        "--port", String.valueOf(ChildJvm.freePort()), "--webui-port", String.valueOf(ChildJvm.freePort()),
        "--cores", "2", "--memory", "2g", "--work-dir", work.resolve("worker").toString(), masterUrl()), null));
    jvm.awaitLog("worker", "Successfully registered with master", Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    for (int i = cluster.size() - 1; i >= 0; i--) {
      Process p = cluster.get(i);
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aSubmittedRunPublishesTheSameTablesAsALocalRun() throws Exception {
    TestSpark.session();
    Path input = work.resolve("sample");
    assertThat(Main.execute("generate", "--output", input.toString(), "--customers", "60", "--days", "30",
        "--seed", "5")).isZero();
    Path local = work.resolve("local");
    assertThat(Main.execute("run", "--input", input.toString(), "--output", local.toString(), "--as-of", AS_OF))
        .isZero();

    Path submitted = work.resolve("submitted");
    List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
        "--deploy-mode", "client", "--class", "io.cx.report.cli.Main", "--name", "cx-it",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
        "--conf", "spark.sql.shuffle.partitions=4",
        ChildJvm.cxJar().toString(),
        "run", "--input", input.toString(), "--output", submitted.toString(), "--as-of", AS_OF));
    Process driver = jvm.start("driver", submit, null);
    assertThat(driver.waitFor(10, TimeUnit.MINUTES)).as("driver finished").isTrue();
    assertThat(driver.exitValue()).as(jvm.tail("driver")).isZero();

    assertThat(executorsRan()).as("the worker ran executors for the application").isTrue();
    assertThat(executorLogs()).as("executors may JIT-compile Spark's big generated methods")
        .contains("Spark Executor Command").contains("-XX:-DontCompileHugeMethods");
    JsonNode manifest = new ObjectMapper().readTree(submitted.resolve("_manifests/latest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("succeeded");
    JsonNode localManifest = new ObjectMapper().readTree(local.resolve("_manifests/latest.json").toFile());
    assertThat(tableNames(manifest)).isEqualTo(tableNames(localManifest)).hasSizeGreaterThan(15);
    for (String table : tableNames(localManifest)) {
      assertSameRows(local, submitted, table);
    }

    // An analyst's own job (examples/analyst-job), compiled against cx.jar and Spark, submitted to the
    // same cluster with cx.jar as a library: it reads the published output and writes its own tables.
    Path jobJar = AnalystJob.build(work.resolve("analyst-job"));
    Path result = work.resolve("email-audience");
    Process job = jvm.start("analyst-job", List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
        "--deploy-mode", "client", "--class", "example.EmailAudienceKpis", "--name", "cx-analyst-it",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
        "--conf", "spark.sql.shuffle.partitions=4", "--jars", ChildJvm.cxJar().toString(),
        jobJar.toString(), local.toString(), result.toString(), AS_OF), null);
    assertThat(job.waitFor(10, TimeUnit.MINUTES)).as("analyst job finished").isTrue();
    assertThat(job.exitValue()).as(jvm.tail("analyst-job")).isZero();
    assertThat(Files.readString(jvm.log("analyst-job"))).as("the job printed the audience's scorecard")
        .contains("conversion_rate");
    long orders = Duck.count("SELECT count(*) FROM read_parquet('" + result.resolve("orders") + "/*.parquet')");
    long emailOrders = Duck.count("SELECT count(*) FROM " + Duck.table(local, "orders") + " WHERE customer_id IN "
        + "(SELECT person_key FROM " + Duck.table(local, "events") + " WHERE channel = 'email')");
    assertThat(orders).isEqualTo(emailOrders).isPositive();

    // cx sql through spark-submit, like cx run: the same jar, the published output as views.
    Path counted = work.resolve("sql-result");
    Process sql = jvm.start("sql", List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
        "--deploy-mode", "client", "--class", "io.cx.report.cli.Main", "--name", "cx-sql-it",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2", ChildJvm.cxJar().toString(),
        "sql", "--output", local.toString(), "SELECT channel, count(*) AS orders FROM orders GROUP BY channel",
        "--write", counted.toString(), "--format", "parquet"), null);
    assertThat(sql.waitFor(10, TimeUnit.MINUTES)).as("cx sql finished").isTrue();
    assertThat(sql.exitValue()).as(jvm.tail("sql")).isZero();
    assertThat(Duck.query("SELECT channel, orders FROM read_parquet('" + counted + "/*.parquet') ORDER BY channel"))
        .isEqualTo(Duck.query("SELECT channel, count(*) FROM " + Duck.table(local, "orders")
            + " GROUP BY channel ORDER BY channel"));
  }

  /** Same multiset of rows, every column compared (the rejecting run's id aside). */
  static void assertSameRows(Path a, Path b, String table) {
    String cols = "* EXCLUDE (run_id)";
    if (Duck.types(a, table).keySet().stream().noneMatch("run_id"::equals)) {
      cols = "*";
    }
    long rows = Duck.count("SELECT count(*) FROM " + Duck.table(a, table));
    long aNotB = Duck.count("SELECT count(*) FROM (SELECT " + cols + " FROM " + Duck.table(a, table)
        + " EXCEPT ALL SELECT " + cols + " FROM " + Duck.table(b, table) + ")");
    long bNotA = Duck.count("SELECT count(*) FROM (SELECT " + cols + " FROM " + Duck.table(b, table)
        + " EXCEPT ALL SELECT " + cols + " FROM " + Duck.table(a, table) + ")");
    assertThat(List.of(aNotB, bNotA)).as("%s (%d rows): rows only in local, only in submitted", table, rows)
        .containsExactly(0L, 0L);
  }

  static List<String> tableNames(JsonNode manifest) {
    List<String> names = new ArrayList<>();
    manifest.get("tables").fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }

  static boolean executorsRan() throws IOException {
    try (Stream<Path> apps = Files.list(work.resolve("worker"))) {
      return apps.anyMatch(p -> p.getFileName().toString().startsWith("app-"));
    }
  }

  /** The executors' stderr, which the worker starts with the executor's launch command. */
  static String executorLogs() throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(work.resolve("worker"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        out.append(Files.readString(f));
      }
    }
    return out.toString();
  }

  static String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }
}
