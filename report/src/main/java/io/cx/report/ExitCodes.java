package io.cx.report;

/** The process exit codes, documented in the README; schedulers branch on them. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  /** An unexpected failure while running (I/O, Spark); retrying may help. */
  public static final int RUNTIME_FAILURE = 1;
  /** Wrong arguments, configuration, inputs or mapping; retrying will not help until fixed. */
  public static final int USAGE = 2;
  /** The data-quality gate failed: too many rejected rows; nothing was published. */
  public static final int QUALITY_GATE = 3;
  /** Another run holds the output's lock; nothing was done. Retry once that run has finished. */
  public static final int OUTPUT_LOCKED = 4;
}
