package io.cx.transform;

/** The {@code sessions} table: one row per web/app session, partitioned by the date it started. */
public final class SessionsContract {
  private SessionsContract() {}

  public static final String SESSION_KEY = EventsContract.SESSION_KEY;
  public static final String PERSON_KEY = EventsContract.PERSON_KEY;
  /** The tracker's session id; null for a session derived from the gap rule. */
  public static final String SESSION_ID = "session_id";
  /** Channel of the session's first event (web or app). */
  public static final String CHANNEL = "channel";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  public static final String EVENTS = "events";
  public static final String PAGE_VIEWS = "page_views";
  public static final String ADD_TO_CARTS = "add_to_carts";
  public static final String PURCHASES = "purchases";
  public static final String HAS_CART = "has_cart";
  public static final String HAS_PURCHASE = "has_purchase";
  /** Journey of the session's last add_to_cart (null without one): whether an abandoned cart was recovered. */
  public static final String CART_JOURNEY_ID = "cart_journey_id";
  public static final String DATE = "date";
}
