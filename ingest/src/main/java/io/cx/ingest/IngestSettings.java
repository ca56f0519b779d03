package io.cx.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The values ingest needs, parsed once from configuration at the edge of the program.
 *
 * @param sourceTimeZone zone of timestamps written without an offset
 * @param reportingTimeZone zone whose local date becomes the {@code date} partition
 * @param channels accepted channel names (lower case)
 * @param reportingCurrency currency assumed where an event has none (ISO 4217)
 * @param futureTolerance how far after {@code asOf} an event_time may lie before it is rejected
 * @param lateLookbackDays an event loaded for logical date D (see {@link InputSpec#loadedDate()})
 *     whose date is more than this many days before D is rejected as {@code late_event}
 * @param asOf the run's as-of instant
 * @param csvMultiLine whether quoted CSV fields may span lines (slower: files are not split)
 * @param maxAmount the largest valid {@code amount}; larger ones are rejected as {@code invalid_amount}.
 *     Bounded so that the sums the KPI tables publish as decimal(18,2) cannot overflow (see
 *     {@link #LARGEST_MAX_AMOUNT})
 * @param earliestEventTime an event_time before this is rejected as {@code invalid_event_time}
 *     (a default or placeholder date such as 0001-01-01, not a real touchpoint)
 * @param engagements accepted {@code engagement} values of a social event (lower case)
 */
public record IngestSettings(
    ZoneId sourceTimeZone,
    ZoneId reportingTimeZone,
    List<String> channels,
    String reportingCurrency,
    Duration futureTolerance,
    int lateLookbackDays,
    Instant asOf,
    boolean csvMultiLine,
    java.math.BigDecimal maxAmount,
    Instant earliestEventTime,
    List<String> engagements) {

  public IngestSettings {
    Objects.requireNonNull(sourceTimeZone, "sourceTimeZone");
    Objects.requireNonNull(reportingTimeZone, "reportingTimeZone");
    channels = channels.stream().map(c -> c.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    Objects.requireNonNull(reportingCurrency, "reportingCurrency");
    Objects.requireNonNull(futureTolerance, "futureTolerance");
    Objects.requireNonNull(asOf, "asOf");
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("the list of accepted channels is empty");
    }
    if (lateLookbackDays < 0) {
      throw new IllegalArgumentException("the late-event lookback must not be negative: " + lateLookbackDays);
    }
    if (futureTolerance.isNegative()) {
      throw new IllegalArgumentException("future tolerance must not be negative: " + futureTolerance);
    }
    Objects.requireNonNull(maxAmount, "maxAmount");
    Objects.requireNonNull(earliestEventTime, "earliestEventTime");
    engagements = engagements.stream().map(c -> c.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    if (engagements.isEmpty()) {
      throw new IllegalArgumentException("the list of accepted engagements is empty");
    }
    if (maxAmount.signum() <= 0 || maxAmount.compareTo(LARGEST_MAX_AMOUNT) > 0) {
      throw new IllegalArgumentException("the largest valid amount must be above 0 and at most "
          + LARGEST_MAX_AMOUNT.toPlainString() + ", is " + maxAmount.toPlainString());
    }
  }

  /**
   * The bound the amount limit may be raised to: decimal(18,2) holds sums below 10^16, so ten
   * million orders of this amount in one row of a KPI table (or one customer) still fit.
   */
  public static final java.math.BigDecimal LARGEST_MAX_AMOUNT = new java.math.BigDecimal("1000000000.00");
  /** A hundred million per event: far above any real order, and a sum of 10^8 such orders fits decimal(18,2). */
  public static final java.math.BigDecimal DEFAULT_MAX_AMOUNT = new java.math.BigDecimal("100000000.00");
  public static final Instant DEFAULT_EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

  public static final int DEFAULT_LATE_LOOKBACK_DAYS = 3;

  /** Defaults of the event contract, as of the given instant. */
  public static IngestSettings defaults(Instant asOf) {
    return new IngestSettings(
        ZoneId.of("UTC"),
        ZoneId.of("UTC"),
        EventContract.DEFAULT_CHANNELS,
        "USD",
        Duration.ofDays(1),
        DEFAULT_LATE_LOOKBACK_DAYS,
        asOf,
        true,
        DEFAULT_MAX_AMOUNT,
        DEFAULT_EARLIEST_EVENT_TIME,
        EventContract.DEFAULT_ENGAGEMENTS);
  }

  public IngestSettings withAsOf(Instant newAsOf) {
    return new IngestSettings(
        sourceTimeZone, reportingTimeZone, channels, reportingCurrency, futureTolerance, lateLookbackDays, newAsOf,
        csvMultiLine, maxAmount, earliestEventTime, engagements);
  }
}
