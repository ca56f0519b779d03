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
 */
public record IngestSettings(
    ZoneId sourceTimeZone,
    ZoneId reportingTimeZone,
    List<String> channels,
    String reportingCurrency,
    Duration futureTolerance,
    int lateLookbackDays,
    Instant asOf,
    boolean csvMultiLine) {

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
  }

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
        false);
  }

  public IngestSettings withAsOf(Instant newAsOf) {
    return new IngestSettings(
        sourceTimeZone, reportingTimeZone, channels, reportingCurrency, futureTolerance, lateLookbackDays, newAsOf,
        csvMultiLine);
  }
}
