package io.cx.report.sample;

import static io.cx.ingest.EventContract.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Spoils a configurable share of generated records the way real feeds do, one contract rule at a
 * time, and re-sends another share with the same event_id (some a little later, as retries do).
 */
final class Flaws {
  private Flaws() {}

  private static final long TEN_YEARS_MS = 3650L * 86_400_000L;
  static final int KINDS = 16;

  static List<SampleEvent> apply(List<SampleEvent> events, SampleOptions o, SplittableRandom rnd, long index) {
    List<SampleEvent> out = new ArrayList<>(events.size() + 4);
    for (SampleEvent e : events) {
      double r = rnd.nextDouble();
      if (r < o.brokenShare()) {
        out.add(spoil(e, rnd.nextInt(KINDS)));
        continue;
      }
      out.add(e);
      if (r < o.brokenShare() + o.duplicateShare()) {
        SampleEvent again = e.copy();
        if (rnd.nextBoolean()) {
          again.millis += 2000;
          again.set(EVENT_TIME, java.time.Instant.ofEpochMilli(again.millis).toString());
        }
        out.add(again);
      }
    }
    return out;
  }

  /** One broken variant of {@code e}; kind 0 is a line that is not a record at all. */
  static SampleEvent spoil(SampleEvent e, int kind) {
    SampleEvent b = e.copy();
    switch (kind) {
      case 0 -> b.malformed = true;
      case 1 -> b.set(EVENT_ID, null);
      case 2 -> b.set(EVENT_ID, "   ");
      case 3 -> b.set(EVENT_TIME, null);
      case 4 -> b.set(EVENT_TIME, "2026-13-45T25:61:00Z");
      case 5 -> b.set(EVENT_TIME, java.time.Instant.ofEpochMilli(e.millis + TEN_YEARS_MS).toString());
      case 6 -> b.set(EVENT_TYPE, "click");
      case 7 -> b.set(CHANNEL, "carrier_pigeon");
      case 8 -> b.set(CUSTOMER_ID, null).set(ANONYMOUS_ID, null);
      case 9 -> b.set(EVENT_TYPE, PURCHASE).set(ORDER_ID, null).set(AMOUNT, "19.99")
          .set(CUSTOMER_ID, e.fields.getOrDefault(CUSTOMER_ID, "C-unknown"));
      case 10 -> b.set(AMOUNT, e.fields.containsKey(AMOUNT) ? "-" + e.fields.get(AMOUNT) : "12,50");
      case 11 -> b.set(QUANTITY, "two");
      case 12 -> b.set(EVENT_TYPE, SURVEY).set(SURVEY_TYPE, NPS).set(SCORE, 11)
          .set(CUSTOMER_ID, e.fields.getOrDefault(CUSTOMER_ID, "C-unknown"));
      case 13 -> b.set(EVENT_TYPE, SOCIAL).set(CHANNEL, "social").set(ENGAGEMENT, null);
      case 14 -> b.set(EVENT_TYPE, REFERRAL).set(REFERRAL_CODE, null)
          .set(CUSTOMER_ID, e.fields.getOrDefault(CUSTOMER_ID, "C-unknown"));
      default -> b.set(SENTIMENT, e.fields.containsKey(SENTIMENT) ? "very positive" : "1.5");
    }
    return b;
  }
}
