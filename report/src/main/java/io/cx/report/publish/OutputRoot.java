package io.cx.report.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.ingest.InputException;
import io.cx.report.failure.OutputLockedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output root as cx's own: a marker file says cx created (or was told to adopt) the folder,
 * and a lock file lets one run at a time write to it.
 *
 * <p>The lock is a file created only if it does not exist (atomic on local disks and HDFS), holding
 * the owner's host, process id, run id and start time. While the run lasts, a heartbeat touches
 * it. A lock is stale, and is taken over with a warning, when its process is gone (same host) or
 * its heartbeat is older than {@link #STALE_AFTER}. Object stores (S3, GCS, ADLS without
 * hierarchical namespace) have no atomic create-if-absent through Hadoop's file system API, so two
 * runs started at the same instant there can both take the lock: schedule one run per output.
 */
public final class OutputRoot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputRoot.class);
  public static final String MARKER = "_cx_output";
  public static final String LOCK = "_cx_lock";
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /** A lock whose heartbeat is older than this belongs to a run that is gone (ten missed beats). */
  public static final Duration STALE_AFTER = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path lock;
  private final ScheduledExecutorService heartbeat;

  private OutputRoot(FileSystem fs, Path lock, ScheduledExecutorService heartbeat) {
    this.fs = fs;
    this.lock = lock;
    this.heartbeat = heartbeat;
  }

  /**
   * Checks that {@code root} is cx's (marking a new or empty folder, or one {@code adopt} names),
   * then takes its lock. Call before reading anything; close to release.
   *
   * @throws InputException a folder that is not cx's (exit code 2)
   * @throws OutputLockedException another live run holds the lock (exit code 4)
   */
  public static OutputRoot claim(FileSystem anyFs, Path root, String runId, boolean adopt) {
    FileSystem fs = OutputFiles.plain(anyFs);
    try {
      checkOwnership(fs, root, runId, adopt);
      Path lock = new Path(root, LOCK);
      take(fs, lock, runId);
      ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cx-output-lock-heartbeat");
        t.setDaemon(true);
        return t;
      });
      beat.scheduleAtFixedRate(() -> touch(fs, lock), HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
      return new OutputRoot(fs, lock, beat);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the output " + root + ": " + e.getMessage(), e);
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      fs.delete(lock, false);
    } catch (IOException e) {
      LOG.warn("could not remove the lock {}: {}", lock, e.getMessage());
    }
  }

  /**
   * Whether a run may publish into {@code root} without {@code --adopt-output}: a missing or empty
   * folder, or one cx marked or wrote.
   */
  public static boolean claimable(FileSystem anyFs, Path root) {
    FileSystem fs = OutputFiles.plain(anyFs);
    try {
      if (!fs.exists(root)) {
        return true;
      }
      return fs.getFileStatus(root).isDirectory() && (fs.exists(new Path(root, MARKER))
          || fs.listStatus(root).length == 0 || earlierCx(fs, root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output " + root + ": " + e.getMessage(), e);
    }
  }

  /** An output written before the marker existed has cx's manifests: it is cx's. */
  private static boolean earlierCx(FileSystem fs, Path root) throws IOException {
    return fs.exists(new Path(root, ManifestFiles.DIR + "/" + ManifestFiles.LATEST));
  }

  private static void checkOwnership(FileSystem fs, Path root, String runId, boolean adopt) throws IOException {
    Path marker = new Path(root, MARKER);
    if (fs.exists(marker)) {
      return;
    }
    if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
      throw new InputException("output '" + root + "' is a file, not a folder");
    }
    if (!adopt && !claimable(fs, root)) {
      throw new InputException("output '" + root + "' is not empty and was not created by cx (it has no " + MARKER
          + " file); cx replaces the folders of its tables in its output, so write to a new or empty folder, "
          + "or pass --adopt-output if this folder is meant for cx");
    }
    boolean empty = !fs.exists(root) || fs.listStatus(root).length == 0;
    if (!empty) {
      LOG.warn("{} output {}: marking it as cx's", adopt ? "adopting the" : "marking the earlier cx", root);
    }
    fs.mkdirs(root);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("created_by", "cx");
    m.put("created_at", Instant.now().toString());
    m.put("run_id", runId);
    m.put("adopted", !empty);
    OutputFiles.writeAtomically(fs, marker, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
  }

  private static void take(FileSystem fs, Path lock, String runId) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      if (createIfAbsent(fs, lock, owner(runId))) {
        return;
      }
      Holder h = Holder.read(fs, lock);
      String stale = h.staleBecause(Instant.now());
      if (stale == null) {
        throw new OutputLockedException("another run holds the output " + lock.getParent() + ": run " + h.runId
            + " (process " + h.pid + " on " + h.host + ", started " + h.startedAt + "); wait for it to finish, "
            + "or if it is gone, remove " + lock + " (it is taken over anyway " + STALE_AFTER.toMinutes()
            + " minutes after its last heartbeat)");
      }
      LOG.warn("taking over the lock of run {} ({}): {}", h.runId, lock, stale);
      fs.delete(lock, false);
    }
    throw new OutputLockedException("another run took the lock of the output " + lock.getParent()
        + " at the same moment; run again once it has finished");
  }

  /**
   * Creates the file unless it exists, in one step: on a local disk by the operating system's
   * exclusive create (Hadoop's local create checks, then creates); elsewhere by Hadoop's create
   * without overwrite, which HDFS makes atomic.
   */
  static boolean createIfAbsent(FileSystem fs, Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof org.apache.hadoop.fs.RawLocalFileSystem local) {
      try {
        java.nio.file.Files.write(local.pathToFile(file).toPath(), bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false;
      }
      throw e;
    }
  }

  private static void touch(FileSystem fs, Path lock) {
    try {
      fs.setTimes(lock, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not renew the lock {}: {}", lock, e.getMessage());
    }
  }

  static String owner(String runId) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("host", host());
    m.put("pid", ProcessHandle.current().pid());
    m.put("started_at", Instant.now().toString());
    m.put("jvm", ManagementFactory.getRuntimeMXBean().getName());
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Who holds a lock, and since when its heartbeat last renewed it. */
  record Holder(String runId, String host, long pid, String startedAt, Instant heartbeat) {
    static Holder read(FileSystem fs, Path lock) throws IOException {
      FileStatus status = fs.getFileStatus(lock);
      JsonNode n;
      try (InputStream in = fs.open(lock)) {
        n = JSON.readTree(in);
      } catch (IOException e) {
        n = null;
      }
      if (n == null || !n.isObject()) {
        // Being written this instant, or damaged: judged by its age alone.
        return new Holder("(unknown)", "(unknown)", -1, "(unknown)", Instant.ofEpochMilli(status.getModificationTime()));
      }
      return new Holder(n.path("run_id").asText("(unknown)"), n.path("host").asText("(unknown)"),
          n.path("pid").asLong(-1), n.path("started_at").asText("(unknown)"),
          Instant.ofEpochMilli(status.getModificationTime()));
    }

    /** Why the lock is stale, or null when its owner may still be running. */
    String staleBecause(Instant now) {
      if (host.equals(host()) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
        return "its process " + pid + " on this host has ended";
      }
      if (Duration.between(heartbeat, now).compareTo(STALE_AFTER) > 0) {
        return "its last heartbeat was at " + heartbeat + ", more than " + STALE_AFTER.toMinutes() + " minutes ago";
      }
      return null;
    }
  }
}
