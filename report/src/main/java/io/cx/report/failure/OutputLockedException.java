package io.cx.report.failure;

/** Another run holds the output root's lock; this run did nothing (exit code 4). */
public final class OutputLockedException extends RuntimeException {
  public OutputLockedException(String message) {
    super(message);
  }
}
