package io.cx.report.sample;

import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.EVENT_ID;
import static io.cx.ingest.EventContract.EVENT_TIME;
import static io.cx.ingest.EventContract.EVENT_TYPE;
import static io.cx.ingest.EventContract.TOUCHPOINT;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The records of one story as it is written, with its random source and the building blocks every
 * part of the story uses (an event, a random time, a price). Every part draws from the same random
 * source in a fixed order, so a story is the same for the same seed and customer index.
 */
final class StoryRecords {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** An order the story placed, which later parts of it return, contact about, review or refer after. */
  record Order(String id, long millis, BigDecimal amount, String channel) {}

  final SampleOptions o;
  final long index;
  final SplittableRandom rnd;
  final List<SampleEvent> events = new ArrayList<>();
  private int seq;

  StoryRecords(SampleOptions options, long index) {
    this.o = options;
    this.index = index;
    this.rnd = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + index);
  }

  /** The next number of the story's sequence, which numbers its event_ids and case_ids. */
  int nextSeq() {
    return ++seq;
  }

  SampleEvent event(long millis, String type, String channel, String touchpoint) {
    SampleEvent e = new SampleEvent();
    e.millis = millis;
    e.set(EVENT_ID, "ev-" + Long.toString(index, 36) + "-" + nextSeq());
    e.set(EVENT_TIME, timeText(millis));
    e.set(EVENT_TYPE, type).set(CHANNEL, channel).set(TOUCHPOINT, touchpoint);
    events.add(e);
    return e;
  }

  /** Mostly ISO-8601 UTC; some with a local offset, some epoch milliseconds, a few without a zone (UTC). */
  Object timeText(long millis) {
    double r = rnd.nextDouble();
    Instant instant = Instant.ofEpochMilli(millis);
    if (r < 0.86) {
      return ISO_MILLIS.format(instant.atOffset(ZoneOffset.UTC));
    } else if (r < 0.92) {
      ZoneOffset offset = ZoneOffset.ofHours(rnd.nextBoolean() ? 1 : -5);
      return ISO_MILLIS.format(instant.atOffset(offset));
    } else if (r < 0.98) {
      return millis;
    }
    return NAIVE.format(instant.atOffset(ZoneOffset.UTC));
  }

  long randomTime() {
    long day = rnd.nextLong(o.days());
    // Daytime-heavy: most activity between 08:00 and 23:00 UTC.
    long minuteOfDay = rnd.nextDouble() < 0.85 ? 480 + rnd.nextLong(900) : rnd.nextLong(1440);
    return o.startMillis() + day * DAY + minuteOfDay * MINUTE + rnd.nextLong(MINUTE);
  }

  long secondsBetween(int min, int max) {
    return (min + rnd.nextInt(max - min + 1)) * 1000L;
  }

  BigDecimal price(String product) {
    int h = Math.floorMod(product.hashCode() * 31 + 7, 9000);
    return BigDecimal.valueOf(500 + h, 2);
  }

  String pick(String[] values) {
    return values[rnd.nextInt(values.length)];
  }

  int poisson(double lambda) {
    double l = Math.exp(-Math.min(lambda, 50));
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
