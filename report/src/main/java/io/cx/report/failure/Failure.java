package io.cx.report.failure;

import io.cx.ingest.InputException;
import io.cx.report.ExitCodes;
import io.cx.report.config.CxConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkThrowable;

/**
 * What a failed run tells its user: the exit code a scheduler branches on and one line that names
 * the cause (the file, the setting, the disk), with credentials removed. The stack trace is for
 * the log at debug level, never for the console.
 *
 * @param exitCode see {@link ExitCodes}
 * @param message one line, redacted
 */
public record Failure(int exitCode, String message) {

  /** Classifies a failure by its cause chain; {@code outputRoot} tells published files from inputs. */
  public static Failure of(Throwable e, Optional<String> outputRoot) {
    if (e instanceof OutputLockedException || e instanceof InputException || e instanceof CxConfig.ConfigError
        || e instanceof IllegalArgumentException) {
      int code = e instanceof OutputLockedException ? ExitCodes.OUTPUT_LOCKED : ExitCodes.USAGE;
      return new Failure(code, Redact.secrets(firstLine(e.getMessage())));
    }
    Optional<String> unreadable = unreadableFile(e);
    Throwable root = rootCause(e);
    if (unreadable.isPresent()) {
      String file = unreadable.get();
      String why = describe(root);
      if (outputRoot.isPresent() && isUnder(file, outputRoot.get())) {
        return new Failure(ExitCodes.USAGE, Redact.secrets("the published file " + file + " is damaged (" + why
            + "); list every damaged file with `cx verify " + outputRoot.get() + "`, then rebuild with "
            + "`cx run --full-refresh ...`"));
      }
      return new Failure(ExitCodes.USAGE, Redact.secrets("cannot read input file " + file + ": " + why
          + "; fix or remove the file and run again"));
    }
    if (root instanceof OutOfMemoryError) {
      return new Failure(ExitCodes.RUNTIME_FAILURE, "out of memory: " + firstLine(root.getMessage())
          + "; give the JVM more heap (CX_JAVA_OPTS=-Xmx8g, or spark-submit --driver-memory)");
    }
    String where = outputRoot.map(o -> " under " + o).orElse("");
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("No space left on device")) {
        return new Failure(ExitCodes.RUNTIME_FAILURE, Redact.secrets("no space left on device while writing" + where
            + "; nothing was published; free space and run again"));
      }
      if (t instanceof AccessDeniedException || m.contains("Permission denied") || m.contains("Read-only file system")) {
        return new Failure(ExitCodes.USAGE, Redact.secrets("cannot write" + where + ": " + describe(t)
            + "; nothing was published"));
      }
    }
    return new Failure(ExitCodes.RUNTIME_FAILURE, Redact.secrets("failed: " + describe(root)
        + (root == e ? "" : " (in " + simpleName(e) + ")")));
  }

  /** The file a Spark task could not read, from Spark's FAILED_READ_FILE error, if that is the cause. */
  static Optional<String> unreadableFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable s && s.getCondition() != null && s.getCondition().startsWith("FAILED_READ_FILE")) {
        Map<String, String> parameters = s.getMessageParameters();
        String path = parameters == null ? null : parameters.get("path");
        if (path != null) {
          return Optional.of(path);
        }
      }
      if (t instanceof io.cx.report.publish.DamagedFileException d) {
        return Optional.of(d.path());
      }
      if (t instanceof org.apache.hadoop.fs.ChecksumException c) {
        return Optional.of(String.valueOf(c.getMessage()).replaceFirst("^Checksum error: ", "").replaceFirst(" at .*$", ""));
      }
    }
    return Optional.empty();
  }

  static boolean isUnder(String file, String root) {
    String f = withoutScheme(file);
    String r = withoutScheme(root);
    try {
      java.nio.file.Path rp = java.nio.file.Path.of(r).toAbsolutePath().normalize();
      return java.nio.file.Path.of(f).toAbsolutePath().normalize().startsWith(rp);
    } catch (RuntimeException e) {
      return f.startsWith(r);
    }
  }

  private static String withoutScheme(String p) {
    return p.replaceFirst("^file:(//)?", "");
  }

  static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** The kind of error and its message's first line: "EOFException: Unexpected end of input stream". */
  static String describe(Throwable t) {
    String m = firstLine(t.getMessage());
    if (t instanceof FileNotFoundException || t instanceof FileSystemException) {
      return m;
    }
    return m.isEmpty() ? simpleName(t) : (t instanceof IOException || t instanceof Error ? simpleName(t) + ": " + m : m);
  }

  private static String simpleName(Throwable t) {
    return t.getClass().getSimpleName();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }
}
