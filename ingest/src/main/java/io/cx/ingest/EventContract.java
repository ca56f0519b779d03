package io.cx.ingest;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The touchpoint event contract: the clean {@code events} table, one row per distinct event_id
 * (deduplicated), partitioned by {@link #DATE}, the event's local date in the reporting time zone.
 *
 * <p>This class is the one place that names the contract's columns, their types after ingest, and
 * the accepted event types. See docs/data-dictionary.md for the rules in prose.
 */
public final class EventContract {
  private EventContract() {}

  public static final String EVENT_ID = "event_id";
  public static final String EVENT_TIME = "event_time";
  public static final String EVENT_TYPE = "event_type";
  public static final String CHANNEL = "channel";
  public static final String TOUCHPOINT = "touchpoint";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String ANONYMOUS_ID = "anonymous_id";
  public static final String SESSION_ID = "session_id";
  public static final String ORDER_ID = "order_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String QUANTITY = "quantity";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  public static final String PAGE = "page";
  public static final String CASE_ID = "case_id";
  public static final String WAIT_SECONDS = "wait_seconds";
  public static final String HANDLE_SECONDS = "handle_seconds";
  public static final String RESOLVED = "resolved";
  public static final String SURVEY_TYPE = "survey_type";
  public static final String SCORE = "score";
  public static final String REASON = "reason";
  public static final String ENGAGEMENT = "engagement";
  public static final String SENTIMENT = "sentiment";
  public static final String REFERRAL_CODE = "referral_code";

  /** Lineage: the file the event was read from. */
  public static final String SOURCE_FILE = "source_file";
  /**
   * Lineage: the logical date of the run whose input brought the event (the {@code {date}} of the
   * input path in a run by date); for a run over plain inputs, the date of its as-of time.
   */
  public static final String LOADED_DATE = "loaded_date";
  /** Partition column: local date of event_time in the reporting time zone. */
  public static final String DATE = "date";

  public static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  /** The contract columns in their published order, with their types after ingest. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(EVENT_ID, DataTypes.StringType),
            field(EVENT_TIME, DataTypes.TimestampType),
            field(EVENT_TYPE, DataTypes.StringType),
            field(CHANNEL, DataTypes.StringType),
            field(TOUCHPOINT, DataTypes.StringType),
            field(CUSTOMER_ID, DataTypes.StringType),
            field(ANONYMOUS_ID, DataTypes.StringType),
            field(SESSION_ID, DataTypes.StringType),
            field(ORDER_ID, DataTypes.StringType),
            field(PRODUCT_ID, DataTypes.StringType),
            field(QUANTITY, DataTypes.IntegerType),
            field(AMOUNT, MONEY),
            field(CURRENCY, DataTypes.StringType),
            field(PAGE, DataTypes.StringType),
            field(CASE_ID, DataTypes.StringType),
            field(WAIT_SECONDS, DataTypes.LongType),
            field(HANDLE_SECONDS, DataTypes.LongType),
            field(RESOLVED, DataTypes.BooleanType),
            field(SURVEY_TYPE, DataTypes.StringType),
            field(SCORE, DataTypes.IntegerType),
            field(REASON, DataTypes.StringType),
            field(ENGAGEMENT, DataTypes.StringType),
            field(SENTIMENT, DataTypes.DoubleType),
            field(REFERRAL_CODE, DataTypes.StringType)
          });

  public static final List<String> COLUMNS = List.of(SCHEMA.fieldNames());

  /** The columns of a clean event after ingest: the contract's, its lineage, and its date. */
  public static final List<String> CLEAN_COLUMNS = java.util.stream.Stream.concat(COLUMNS.stream(),
      java.util.stream.Stream.of(SOURCE_FILE, LOADED_DATE, DATE)).toList();

  /** The contract's columns all as text: how raw records are read before validation parses them. */
  public static final StructType TEXT_SCHEMA = textSchema();

  /** Columns every mapping must produce (the identity rule needs one of customer_id, anonymous_id). */
  public static final List<String> ALWAYS_REQUIRED = List.of(EVENT_ID, EVENT_TIME, EVENT_TYPE, CHANNEL);

  public static final String PAGE_VIEW = "page_view";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String REMOVE_FROM_CART = "remove_from_cart";
  public static final String CHECKOUT = "checkout";
  public static final String PURCHASE = "purchase";
  public static final String RETURN = "return";
  public static final String CONTACT = "contact";
  public static final String SURVEY = "survey";
  /** A public post, comment, share, mention or review about the business. */
  public static final String SOCIAL = "social";
  /** A customer sharing a referral code. */
  public static final String REFERRAL = "referral";

  public static final List<String> EVENT_TYPES =
      List.of(PAGE_VIEW, ADD_TO_CART, REMOVE_FROM_CART, CHECKOUT, PURCHASE, RETURN, CONTACT, SURVEY, SOCIAL, REFERRAL);

  /** The accepted {@link #ENGAGEMENT} values of a social event unless configured otherwise. */
  public static final List<String> DEFAULT_ENGAGEMENTS = List.of("like", "comment", "share", "mention", "review");

  /** The range of {@link #SENTIMENT}: -1 (negative) to 1 (positive). */
  public static final double MIN_SENTIMENT = -1.0;
  public static final double MAX_SENTIMENT = 1.0;

  public static final List<String> DEFAULT_CHANNELS =
      List.of("web", "app", "store", "phone", "email", "chat", "social");

  /** Event types that must carry customer_id, order_id and amount. */
  public static final Set<String> ORDER_EVENT_TYPES = Set.of(PURCHASE, RETURN);

  public static final String NPS = "nps";
  public static final String CSAT = "csat";
  public static final String CES = "ces";

  /** Inclusive score range of each survey type. */
  public static int minScore(String surveyType) {
    return switch (surveyType) {
      case NPS -> 0;
      case CSAT, CES -> 1;
      default -> throw new IllegalArgumentException("unknown survey_type " + surveyType);
    };
  }

  public static int maxScore(String surveyType) {
    return switch (surveyType) {
      case NPS -> 10;
      case CSAT -> 5;
      case CES -> 7;
      default -> throw new IllegalArgumentException("unknown survey_type " + surveyType);
    };
  }

  public static final List<String> SURVEY_TYPES = List.of(NPS, CSAT, CES);

  private static StructType textSchema() {
    StructType text = new StructType();
    for (String c : SCHEMA.fieldNames()) {
      text = text.add(c, DataTypes.StringType);
    }
    return text;
  }

  private static StructField field(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }
}
