package io.cx.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Which input a run reads and which published data it may restate.
 *
 * <ul>
 *   <li>{@link Mode#PLAIN}: every {@code --input} as given; every table is replaced.
 *   <li>{@link Mode#DATES}: inputs are templates with {@code {date}}; the run loads the landing data
 *       of the logical dates {@code from..to} (a nightly run has from = to), keeps every published
 *       event loaded for other dates, and replaces only the partitions whose content changed.
 *   <li>{@link Mode#FULL_REFRESH}: inputs are templates; the run loads every logical date that has
 *       data, up to {@code to} (null: the latest), and replaces every table.
 * </ul>
 */
public record Scope(Mode mode, LocalDate from, LocalDate to) {
  public enum Mode { PLAIN, DATES, FULL_REFRESH }

  public Scope {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.DATES && (from == null || to == null || from.isAfter(to))) {
      throw new IllegalArgumentException("a run by date needs from <= to, got " + from + ".." + to);
    }
  }

  public static Scope plain() {
    return new Scope(Mode.PLAIN, null, null);
  }

  public static Scope dates(LocalDate from, LocalDate to) {
    return new Scope(Mode.DATES, from, to);
  }

  public static Scope fullRefresh(LocalDate to) {
    return new Scope(Mode.FULL_REFRESH, null, to);
  }

  public boolean byDate() {
    return mode != Mode.PLAIN;
  }

  /** Whether events loaded for {@code d} are (re)loaded by this run. */
  public boolean loads(LocalDate d) {
    return switch (mode) {
      case PLAIN -> false;
      case DATES -> !d.isBefore(from) && !d.isAfter(to);
      case FULL_REFRESH -> to == null || !d.isAfter(to);
    };
  }

  /** The last instant of a logical date in the reporting zone: the as-of time of a run by date. */
  public static Instant endOf(LocalDate date, ZoneId zone) {
    return date.plusDays(1).atStartOfDay(zone).toInstant().minus(1, ChronoUnit.MICROS);
  }
}
