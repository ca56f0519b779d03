package io.cx.report;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a run lasts, logs every {@code every} the Spark stages that have been running longer than
 * that: the job description the pipeline set ("publish: write journeys"), tasks done of total, and
 * seconds so far. A long stage shows progress; a quick run logs nothing extra.
 */
public final class ProgressLog extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

  private record Stage(String description, int tasks, long startedNanos, AtomicInteger done) {}

  private final SparkSession spark;
  private final Duration every;
  private final Map<Integer, Stage> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cx-progress");
    t.setDaemon(true);
    return t;
  });

  private ProgressLog(SparkSession spark, Duration every) {
    this.spark = spark;
    this.every = every;
  }

  public static ProgressLog start(SparkSession spark, Duration every) {
    ProgressLog log = new ProgressLog(spark, every);
    spark.sparkContext().addSparkListener(log);
    log.timer.scheduleAtFixedRate(log::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return log;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    String description = e.properties() == null ? null : e.properties().getProperty(io.cx.spark.JobDescription.PROPERTY);
    running.put(e.stageInfo().stageId(), new Stage(description == null ? e.stageInfo().name() : description,
        e.stageInfo().numTasks(), System.nanoTime(), new AtomicInteger()));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    Stage s = running.get(e.stageId());
    if (s != null && e.taskInfo().successful()) {
      s.done().incrementAndGet();
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    running.remove(e.stageInfo().stageId());
  }

  private void report() {
    long now = System.nanoTime();
    running.forEach((id, s) -> {
      long seconds = TimeUnit.NANOSECONDS.toSeconds(now - s.startedNanos());
      if (seconds >= every.toSeconds()) {
        LOG.info(String.format(Locale.ROOT, "%s: stage %d, %d of %d tasks done (%d s)", s.description(), id,
            s.done().get(), s.tasks(), seconds));
      }
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    spark.sparkContext().removeSparkListener(this);
  }
}
