package io.cx.report.publish;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A published Parquet file that cannot be read: truncated, overwritten, or failing its checksum. */
public final class DamagedFileException extends UncheckedIOException {
  private final String path;

  public DamagedFileException(String path, String error) {
    super(new IOException("cannot read the Parquet file " + path + ": " + error));
    this.path = path;
  }

  public String path() {
    return path;
  }
}
