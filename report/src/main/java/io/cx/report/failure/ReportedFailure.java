package io.cx.report.failure;

/**
 * A run's failure after it was classified and written to the run's manifest: the command line
 * prints its {@link Failure} as it is.
 */
public final class ReportedFailure extends RuntimeException {
  private final transient Failure failure;

  public ReportedFailure(Failure failure, Throwable cause) {
    super(failure.message(), cause);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
