package io.cx.ingest;

/** A problem with the inputs or the mapping that the user must fix; reported without a stack trace. */
public class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
