package io.cx.ingest;

import java.util.List;

/** The machine-readable {@code reject_reason} values of the event contract. */
public final class RejectReasons {
  private RejectReasons() {}

  // Checked in this order: a record gets the first rule it breaks.
  public static final String MALFORMED_RECORD = "malformed_record";
  public static final String MISSING_EVENT_ID = "missing_event_id";
  public static final String MISSING_EVENT_TIME = "missing_event_time";
  public static final String INVALID_EVENT_TIME = "invalid_event_time";
  public static final String FUTURE_EVENT_TIME = "future_event_time";
  /** Loaded by a run for a logical date, but dated more than the late-event lookback before it. */
  public static final String LATE_EVENT = "late_event";
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
  public static final String UNKNOWN_CHANNEL = "unknown_channel";
  public static final String MISSING_IDENTITY = "missing_identity";
  public static final String MISSING_ORDER_ID = "missing_order_id";
  public static final String INVALID_AMOUNT = "invalid_amount";
  public static final String INVALID_NUMBER = "invalid_number";
  public static final String INVALID_SCORE = "invalid_score";
  /** A social event without an engagement, or with one not in the accepted list. */
  public static final String MISSING_ENGAGEMENT = "missing_engagement";
  public static final String MISSING_REFERRAL_CODE = "missing_referral_code";
  /** A sentiment that is not a number from -1 to 1. */
  public static final String INVALID_SENTIMENT = "invalid_sentiment";

  public static final List<String> REASONS =
      List.of(
          MALFORMED_RECORD,
          MISSING_EVENT_ID,
          MISSING_EVENT_TIME,
          INVALID_EVENT_TIME,
          FUTURE_EVENT_TIME,
          LATE_EVENT,
          UNKNOWN_EVENT_TYPE,
          UNKNOWN_CHANNEL,
          MISSING_IDENTITY,
          MISSING_ORDER_ID,
          INVALID_AMOUNT,
          INVALID_NUMBER,
          INVALID_SCORE,
          MISSING_ENGAGEMENT,
          MISSING_REFERRAL_CODE,
          INVALID_SENTIMENT);
}
