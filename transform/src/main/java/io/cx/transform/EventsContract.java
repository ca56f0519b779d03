package io.cx.transform;

/**
 * Columns transform adds to the published {@code events} table (one row per distinct event):
 * who the event belongs to, and its session and journey.
 */
public final class EventsContract {
  private EventsContract() {}

  /** customer_id; else the customer last seen with the event's anonymous_id; else {@code anon:<anonymous_id>}. */
  public static final String PERSON_KEY = "person_key";
  /** The web/app session of the event; null for other channels. */
  public static final String SESSION_KEY = "session_key";
  /** The purchase journey of the event; null for post-purchase events. */
  public static final String JOURNEY_ID = "journey_id";
}
