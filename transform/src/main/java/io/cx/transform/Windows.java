package io.cx.transform;

import java.time.Duration;
import java.util.Objects;

/**
 * The windows of the rules that let one event change rows of another date, which the
 * {@link Horizon restatement horizons} add up.
 *
 * @param lateEventLookback how far before its logical date a run by date still loads an event
 * @param stitchLookback how far before a login it stitches anonymous visits
 * @param journeyMaxLength the longest a journey lasts
 * @param journeyTimeout the silence that ends a journey
 * @param returnWindow how long after a purchase a return counts for its order
 * @param contactWindow how long after a purchase a contact counts for its order
 * @param referralWindow how long after a referral a purchase with its code counts for it
 */
public record Windows(Duration lateEventLookback, Duration stitchLookback, Duration journeyMaxLength,
    Duration journeyTimeout, Duration returnWindow, Duration contactWindow, Duration referralWindow) {

  public Windows {
    Objects.requireNonNull(lateEventLookback, "lateEventLookback");
  }

  /** The windows of the transform settings, with the late-event lookback of ingest. */
  public static Windows of(TransformSettings s, Duration lateEventLookback) {
    return new Windows(lateEventLookback, s.stitchLookback(), s.journeyMaxLength(), s.journeyTimeout(),
        s.returnWindow(), s.contactWindow(), s.referralWindow());
  }
}
