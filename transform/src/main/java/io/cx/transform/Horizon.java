package io.cx.transform;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How far back from its logical date a run by date can change a table's partitions: the sum of
 * the {@link Windows} along the longest chain of rules that leads from a newly loaded event to a
 * row of that table. A partition of a date before {@code logical date - horizon} is final: a run
 * by date never rewrites it. A table without a horizon ({@link #RECOMPUTED}) is a snapshot,
 * computed again whole by every run.
 *
 * @param formula the sum in words, as the data dictionary and {@code cx config --show} give it
 * @param length the horizon for some windows, or empty for {@link #RECOMPUTED}
 * @param backTo for a table whose rows are periods dated by their first day (months, quarters), the
 *     first day of the earliest period that holds a given open date: a period is open while any
 *     of its days is, so the first open date goes back to its start (the identity for daily rows)
 */
public record Horizon(String formula, Function<Windows, Optional<Duration>> length, UnaryOperator<LocalDate> backTo) {

  public Horizon(String formula, Function<Windows, Optional<Duration>> length) {
    this(formula, length, UnaryOperator.identity());
  }

  /**
   * An event loaded for date D is dated at most the late-event lookback before D; a login among
   * them stitches anonymous events of up to the stitch lookback before it.
   */
  public static final Horizon EVENTS = new Horizon("late-event-lookback + stitch-lookback",
      w -> Optional.of(w.lateEventLookback().plus(w.stitchLookback())));

  /** Sessions hold those events; a session started at most a day before its events (see the data dictionary). */
  public static final Horizon SESSIONS = new Horizon("late-event-lookback + stitch-lookback + 1 day",
      w -> Optional.of(w.lateEventLookback().plus(w.stitchLookback()).plus(Duration.ofDays(1))));

  /**
   * A journey that gains or loses those events began at most its maximum length (and its timeout)
   * before them, and so did the sessions whose cart it recovers.
   */
  public static final Horizon JOURNEYS = new Horizon(
      "late-event-lookback + stitch-lookback + journey-max-length + journey-timeout",
      w -> Optional.of(w.lateEventLookback().plus(w.stitchLookback()).plus(w.journeyMaxLength())
          .plus(w.journeyTimeout())));

  /**
   * An order's row changes with its purchase event (and the journey before it), and with the
   * returns and contacts of the windows after it.
   */
  public static final Horizon ORDERS = new Horizon(
      "late-event-lookback + the longest of stitch-lookback, return-window, contact-window",
      w -> Optional.of(w.lateEventLookback().plus(longest(w.stitchLookback(), w.returnWindow(), w.contactWindow()))));

  /**
   * A referral's row counts the purchases with its code that come within the referral window
   * after it; such a purchase is dated at most the late-event lookback before the run's date.
   */
  public static final Horizon REFERRALS = new Horizon("late-event-lookback + referral-window",
      w -> Optional.of(w.lateEventLookback().plus(w.referralWindow())));

  /** A snapshot: every run computes it again whole; the publish replaces only partitions that changed. */
  public static final Horizon RECOMPUTED = new Horizon("none: recomputed whole by every run", w -> Optional.empty());

  /**
   * A table of monthly rows, each measured at its month's end from everything dated up to then
   * (the orders and events of the customers in it): a month is final once its last day is older
   * than {@link #ORDERS}' horizon.
   */
  public static final Horizon ORDER_MONTHS = ORDERS.inWholeMonths();

  /** This horizon for a table whose rows are months: the first open date is the first day of its month. */
  public Horizon inWholeMonths() {
    return new Horizon(formula + ", back to the first day of that month", length,
        d -> backTo.apply(d).withDayOfMonth(1));
  }

  /** The horizon in whole days (rounded up), or empty for a snapshot. */
  public Optional<Long> days(Windows w) {
    return length.apply(w).map(d -> (d.toSeconds() + 86_399) / 86_400);
  }

  /**
   * The first date whose partition a run by date of {@code logicalDate} may rewrite: every earlier
   * one is final. Empty for a snapshot.
   */
  public Optional<LocalDate> firstOpen(LocalDate logicalDate, Windows w) {
    return days(w).map(logicalDate::minusDays).map(backTo);
  }

  private static Duration longest(Duration... ds) {
    Duration max = Duration.ZERO;
    for (Duration d : ds) {
      max = d.compareTo(max) > 0 ? d : max;
    }
    return max;
  }
}
