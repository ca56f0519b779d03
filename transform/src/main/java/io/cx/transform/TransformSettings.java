package io.cx.transform;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The values the identity, journey and order logic needs.
 *
 * @param sessionGap a web/app event more than this after the person's previous one starts a new derived session
 * @param journeyTimeout a journey ends when more than this passes before the person's next journey event
 * @param journeyMaxLength a journey also ends before an event more than this after its first event
 * @param returnWindow a return counts for its order when it comes within this after the purchase
 * @param contactWindow a contact counts for its order when it comes within this after the purchase
 * @param referralWindow a purchase with a referral code counts for the referral when it comes within
 *     this after the code was sent
 * @param churnWindow a customer with no order within this before the as-of time has churned
 * @param stitchLookback a login stitches the visitor's anonymous events of at most this long before it
 * @param asOf the run's as-of instant
 * @param reportingTimeZone zone whose local date is a row's {@code date}
 * @param reportingCurrency the currency customer revenue is summed in
 */
public record TransformSettings(
    Duration sessionGap,
    Duration journeyTimeout,
    Duration journeyMaxLength,
    Duration returnWindow,
    Duration contactWindow,
    Duration referralWindow,
    Duration churnWindow,
    Duration stitchLookback,
    Instant asOf,
    ZoneId reportingTimeZone,
    String reportingCurrency) {

  public TransformSettings {
    for (Duration d : new Duration[] {sessionGap, journeyTimeout, journeyMaxLength, returnWindow, contactWindow, referralWindow, churnWindow,
        stitchLookback}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("windows and timeouts must be positive durations");
      }
    }
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(reportingTimeZone, "reportingTimeZone");
    Objects.requireNonNull(reportingCurrency, "reportingCurrency");
  }

  /** The as-of instant's date in the reporting time zone. */
  public java.time.LocalDate asOfDate() {
    return java.time.LocalDate.ofInstant(asOf, reportingTimeZone);
  }

  /** The defaults of kpis.md. */
  public static TransformSettings defaults(Instant asOf) {
    return new TransformSettings(Duration.ofMinutes(30), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(30),
        Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(30), asOf, ZoneId.of("UTC"), "USD");
  }
}
