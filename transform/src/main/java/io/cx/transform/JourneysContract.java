package io.cx.transform;

/**
 * The {@code journeys} table: one row per purchase journey, partitioned by the date it ended
 * (for an open journey: the date of its last event so far).
 */
public final class JourneysContract {
  private JourneysContract() {}

  public static final String JOURNEY_ID = EventsContract.JOURNEY_ID;
  public static final String PERSON_KEY = EventsContract.PERSON_KEY;
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  /** {@link #PURCHASED}, {@link #NOT_PURCHASED} or {@link #OPEN}. */
  public static final String OUTCOME = "outcome";
  /** The order the journey ended with; null unless purchased. */
  public static final String ORDER_ID = "order_id";
  /** Touchpoints of the journey's events in time order. */
  public static final String TOUCHPOINTS = "touchpoints";
  /** Distinct channels in order of first use. */
  public static final String CHANNELS = "channels";
  public static final String FIRST_CHANNEL = "first_channel";
  public static final String LAST_CHANNEL = "last_channel";
  /** Number of events (touchpoints) in the journey. */
  public static final String EVENTS = "events";
  /** page_view events of the journey (all come before its purchase, which ends it). */
  public static final String PAGE_VIEWS_BEFORE_PURCHASE = "page_views_before_purchase";
  /** Distinct web/app sessions the journey touched. */
  public static final String SESSIONS = "sessions";
  public static final String DATE = "date";

  public static final String PURCHASED = "purchased";
  public static final String NOT_PURCHASED = "not_purchased";
  public static final String OPEN = "open";
}
