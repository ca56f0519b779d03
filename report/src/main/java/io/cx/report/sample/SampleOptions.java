package io.cx.report.sample;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Parameters of the generated sample. The same options always produce the same records.
 *
 * @param customers number of registered customers; about a third as many anonymous-only visitors come on top
 * @param days length of the period, starting at {@code startDate} 00:00 UTC
 * @param brokenShare share of records replaced by one that breaks a contract rule
 * @param duplicateShare share of records sent twice with the same event_id
 */
public record SampleOptions(
    long customers, int days, long seed, LocalDate startDate, double brokenShare, double duplicateShare)
    implements Serializable {

  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 1);

  public SampleOptions {
    if (customers < 1) {
      throw new IllegalArgumentException("--customers must be at least 1");
    }
    if (days < 1) {
      throw new IllegalArgumentException("--days must be at least 1");
    }
    if (brokenShare < 0 || brokenShare > 0.5 || duplicateShare < 0 || duplicateShare > 0.5) {
      throw new IllegalArgumentException("--broken-share and --duplicate-share must be between 0 and 0.5");
    }
  }

  public long startMillis() {
    return startDate.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  public long endMillis() {
    return startMillis() + days * 86_400_000L;
  }

  /** The instant just after the period: the natural as-of time of a run over the sample. */
  public java.time.Instant end() {
    return java.time.Instant.ofEpochMilli(endMillis());
  }
}
