package io.cx.report.sample;

import static io.cx.ingest.EventContract.*;

import io.cx.report.sample.StoryRecords.Order;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The touchpoint history of one generated customer (and, for some, of an anonymous visitor who
 * never logs in, and of friends they referred): browsing sessions on web and app, carts, purchases
 * in sessions and in store, returns, service cases with one or more contacts, survey answers,
 * reviews and social posts with a sentiment, and referrals. The customer's {@link Persona} shapes
 * all of it; some customers stop coming at some point. Deterministic in (seed, customer index);
 * holds only this person's records.
 */
final class PersonStory {
  private static final long HOUR = StoryRecords.HOUR;
  private static final long DAY = StoryRecords.DAY;
  private static final String[] CATEGORIES = {"shoes", "shirts", "outdoor", "kitchen", "toys", "books"};
  private static final String[] RETURN_REASONS = {"wrong_size", "damaged", "not_as_described", "changed_mind"};
  private static final String[] CONTACT_REASONS = {"delivery", "refund", "product_question", "billing"};

  private final StoryRecords story;
  private final SampleOptions o;
  private final long index;
  private final SplittableRandom rnd;
  private final String customerId;
  private final String anonymousId;
  private final Persona persona;
  private final PublicStory inPublic;
  private final List<SampleEvent> events;
  private final List<Order> orders = new ArrayList<>();
  private int orderSeq;

  PersonStory(SampleOptions options, long index) {
    this.story = new StoryRecords(options, index);
    this.o = options;
    this.index = index;
    this.rnd = story.rnd;
    this.events = story.events;
    this.customerId = customerId(index);
    this.anonymousId = "A" + Long.toHexString(rnd.nextLong() & 0xffffffffffL);
    this.persona = Persona.of(options.seed(), index);
    this.inPublic = new PublicStory(story, persona, customerId);
  }

  /** The customer_id of customer {@code index}. */
  static String customerId(long index) {
    return String.format("C%07d", index);
  }

  /** The person's records as lines of the given kind, in time order, broken and duplicated as configured. */
  List<SampleEvent> records() {
    browse();
    storePurchases();
    for (Order order : List.copyOf(orders)) {
      afterPurchase(order);
    }
    generalContacts();
    relationshipSurvey();
    inPublic.socialPosts();
    if (rnd.nextDouble() < persona.lapsing()) {
      long lapse = story.randomTime();
      events.removeIf(e -> e.millis >= lapse);
      orders.removeIf(order -> order.millis() >= lapse);
    }
    inPublic.referrals(orders);
    if (index % 3 == 0) {
      anonymousVisitor();
    }
    events.removeIf(e -> e.millis >= o.endMillis());
    events.sort(Comparator.comparingLong(e -> e.millis));
    return Flaws.apply(events, o, rnd, index);
  }

  // ---- browsing, carts and purchases --------------------------------------------------------

  private void browse() {
    double activity = (0.3 + rnd.nextDouble() * rnd.nextDouble() * 3) * persona.activity();
    int sessions = 1 + story.poisson(activity * o.days() / 15.0);
    int loginAt = rnd.nextDouble() < 0.3 ? 0 : rnd.nextInt(sessions + 1);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      starts.add(story.randomTime());
    }
    starts.sort(Long::compare);
    boolean carryCart = false;
    for (int i = 0; i < starts.size(); i++) {
      long start = carryCart ? Math.max(starts.get(i), starts.get(Math.max(0, i - 1)) + HOUR) : starts.get(i);
      carryCart = session(start, i >= loginAt, carryCart);
    }
  }

  /** One web or app session; returns whether it left a cart behind that the next session may recover. */
  private boolean session(long start, boolean loggedIn, boolean recovering) {
    String channel = rnd.nextDouble() < 0.65 ? "web" : "app";
    String sessionId = rnd.nextDouble() < 0.85 ? "S" + Long.toHexString(rnd.nextLong() & 0xffffffffffL) : null;
    long t = start;
    int views = recovering ? 1 + rnd.nextInt(2) : 1 + rnd.nextInt(8);
    BigDecimal cart = BigDecimal.ZERO;
    for (int v = 0; v < views; v++) {
      String product = "P" + (100 + rnd.nextInt(400));
      String page = v == 0 && !recovering ? "/" : pageFor(product);
      web(t, channel, sessionId, loggedIn, PAGE_VIEW, pageTouchpoint(page)).set(PAGE, page).set(PRODUCT_ID, product);
      t += story.secondsBetween(10, 180);
      if (rnd.nextDouble() < (recovering ? 0.1 : 0.3)) {
        int qty = 1 + rnd.nextInt(3);
        BigDecimal value = story.price(product).multiply(BigDecimal.valueOf(qty));
        web(t, channel, sessionId, loggedIn, ADD_TO_CART, "product_page")
            .set(PRODUCT_ID, product).set(QUANTITY, qty).set(AMOUNT, value);
        cart = cart.add(value);
        t += story.secondsBetween(5, 90);
        if (rnd.nextDouble() < 0.1) {
          web(t, channel, sessionId, loggedIn, REMOVE_FROM_CART, "cart").set(PRODUCT_ID, product).set(QUANTITY, qty);
          cart = cart.subtract(value);
          t += story.secondsBetween(5, 60);
        }
      }
    }
    if (recovering && cart.signum() == 0) {
      cart = story.price("P" + (100 + rnd.nextInt(400)));
    }
    if (cart.signum() <= 0) {
      return false;
    }
    boolean buys = rnd.nextDouble() < (recovering ? 0.8 : persona.buying());
    if (!buys) {
      return rnd.nextDouble() < 0.35;
    }
    web(t, channel, sessionId, true, CHECKOUT, "checkout").set(AMOUNT, cart);
    t += story.secondsBetween(30, 300);
    Order order = newOrder(t, cart, channel);
    web(t, channel, sessionId, true, PURCHASE, "checkout").set(ORDER_ID, order.id()).set(AMOUNT, cart)
        .set(CURRENCY, "USD");
    return false;
  }

  private void storePurchases() {
    if (rnd.nextDouble() >= 0.15) {
      return;
    }
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) {
      long t = story.randomTime();
      BigDecimal amount = story.price("P" + (100 + rnd.nextInt(400))).multiply(BigDecimal.valueOf(1 + rnd.nextInt(3)));
      Order order = newOrder(t, amount, "store");
      story.event(t, PURCHASE, "store", "pos").set(CUSTOMER_ID, customerId).set(ORDER_ID, order.id())
          .set(AMOUNT, amount).set(CURRENCY, "USD");
    }
  }

  // ---- after the purchase: returns, service cases, surveys ---------------------------------

  private void afterPurchase(Order order) {
    boolean returned = rnd.nextDouble() < persona.returning();
    if (returned) {
      // Some returns come after the 30-day return window, for the manifest's late returns.
      long after = rnd.nextDouble() < 0.08 ? 31 * DAY + rnd.nextLong(20 * DAY) : 2 * DAY + rnd.nextLong(25 * DAY);
      BigDecimal refund = rnd.nextDouble() < 0.7 ? order.amount()
          : order.amount().multiply(BigDecimal.valueOf(0.3 + rnd.nextDouble() * 0.6)).setScale(2, RoundingMode.HALF_UP);
      boolean inStore = order.channel().equals("store") || rnd.nextDouble() < 0.2;
      story.event(order.millis() + after, RETURN, inStore ? "store" : "web", inStore ? "returns_desk" : "returns_portal")
          .set(CUSTOMER_ID, customerId).set(ORDER_ID, order.id()).set(AMOUNT, refund)
          .set(CURRENCY, "USD").set(REASON, story.pick(RETURN_REASONS));
    }
    if (rnd.nextDouble() < 0.15 * persona.service()) {
      serviceCase(order.millis() + rnd.nextLong(10 * DAY) + HOUR, order.id());
    }
    if (rnd.nextDouble() < 0.25) {
      survey(order.millis() + HOUR + rnd.nextLong(3 * DAY), "email", "post_purchase", CSAT, csatScore())
          .set(ORDER_ID, order.id());
    }
    if (rnd.nextDouble() < 0.12) {
      // A public product review: its stars become the sentiment (1 star -1.0 ... 5 stars 1.0).
      int stars = (int) Math.max(1, Math.min(5, Math.round(3 + 2 * persona.mood() + rnd.nextGaussian()
          - (returned ? 1.5 : 0))));
      story.event(order.millis() + 2 * DAY + rnd.nextLong(10 * DAY), SOCIAL, "web", "product_reviews")
          .set(CUSTOMER_ID, customerId).set(ENGAGEMENT, "review").set(ORDER_ID, order.id())
          .set(SENTIMENT, (stars - 3) / 2.0);
    }
  }

  private void generalContacts() {
    if (rnd.nextDouble() < 0.06 * persona.service()) {
      serviceCase(story.randomTime(), null);
    }
    if (rnd.nextDouble() < 0.01) {
      // A customer quoting an order number the shop never sent us.
      serviceCase(story.randomTime(), "O-UNKNOWN-" + index);
    }
  }

  /** A support case: one to three contacts on one channel; the last may resolve it. */
  private void serviceCase(long start, String orderId) {
    double r = rnd.nextDouble();
    String channel = r < 0.5 ? "phone" : r < 0.8 ? "chat" : "email";
    String touchpoint = switch (channel) {
      case "phone" -> "call_center";
      case "chat" -> "live_chat";
      default -> "email_support";
    };
    String caseId = "K" + index + "-" + story.nextSeq();
    boolean firstResolves = rnd.nextDouble() < 0.62;
    int contacts = firstResolves ? 1 : 2 + rnd.nextInt(2);
    String reason = story.pick(CONTACT_REASONS);
    long t = start;
    for (int i = 0; i < contacts; i++) {
      boolean last = i == contacts - 1;
      boolean resolved = firstResolves || (last && rnd.nextDouble() < 0.85);
      story.event(t, CONTACT, channel, touchpoint).set(CUSTOMER_ID, customerId).set(ORDER_ID, orderId)
          .set(CASE_ID, caseId).set(WAIT_SECONDS, waitSeconds(channel))
          .set(HANDLE_SECONDS, 60 + rnd.nextLong(900)).set(RESOLVED, resolved).set(REASON, reason);
      t += HOUR + rnd.nextLong(3 * DAY);
    }
    if (rnd.nextDouble() < 0.3) {
      survey(t, channel, touchpoint, CES, cesScore(firstResolves));
    }
  }

  private void relationshipSurvey() {
    if (rnd.nextDouble() < 0.3) {
      boolean inApp = rnd.nextDouble() < 0.3;
      survey(story.randomTime(), inApp ? "app" : "email", inApp ? "in_app" : "relationship_survey", NPS, npsScore());
    }
  }

  private void anonymousVisitor() {
    String visitor = "V" + Long.toHexString(rnd.nextLong() & 0xffffffffffL);
    int sessions = 1 + rnd.nextInt(3);
    for (int s = 0; s < sessions; s++) {
      long t = story.randomTime();
      String channel = rnd.nextDouble() < 0.8 ? "web" : "app";
      String sessionId = "S" + Long.toHexString(rnd.nextLong() & 0xffffffffffL);
      int views = 1 + rnd.nextInt(4);
      for (int v = 0; v < views; v++) {
        String product = "P" + (100 + rnd.nextInt(400));
        String page = pageFor(product);
        story.event(t, PAGE_VIEW, channel, pageTouchpoint(page)).set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId)
            .set(PAGE, page).set(PRODUCT_ID, product);
        t += story.secondsBetween(10, 120);
      }
      if (rnd.nextDouble() < 0.2) {
        story.event(t, ADD_TO_CART, channel, "product_page").set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId)
            .set(PRODUCT_ID, "P" + (100 + rnd.nextInt(400))).set(QUANTITY, 1);
      }
    }
  }

  // ---- building blocks ------------------------------------------------------------------------

  private SampleEvent web(long t, String channel, String sessionId, boolean loggedIn, String type, String touchpoint) {
    SampleEvent e = story.event(t, type, channel, touchpoint).set(ANONYMOUS_ID, anonymousId).set(SESSION_ID, sessionId);
    return loggedIn ? e.set(CUSTOMER_ID, customerId) : e;
  }

  private SampleEvent survey(long t, String channel, String touchpoint, String type, int score) {
    return story.event(t, SURVEY, channel, touchpoint).set(CUSTOMER_ID, customerId).set(SURVEY_TYPE, type).set(SCORE, score);
  }

  private Order newOrder(long t, BigDecimal amount, String channel) {
    Order order = new Order("O" + index + "-" + (++orderSeq), t, amount, channel);
    orders.add(order);
    return order;
  }

  private static String pageFor(String product) {
    int h = Math.floorMod(product.hashCode(), 10);
    if (h < 6) {
      return "/product/" + product;
    } else if (h < 8) {
      return "/category/" + CATEGORIES[h % CATEGORIES.length];
    }
    return h == 8 ? "/search" : "/cart";
  }

  private static String pageTouchpoint(String page) {
    if (page.startsWith("/product/")) {
      return "product_page";
    } else if (page.startsWith("/category/")) {
      return "category_page";
    } else if (page.equals("/search")) {
      return "search";
    } else if (page.equals("/cart")) {
      return "cart";
    }
    return "home";
  }

  private long waitSeconds(String channel) {
    double g = Math.exp(rnd.nextGaussian() * 0.8);
    return switch (channel) {
      case "phone" -> Math.round(90 * g);
      case "chat" -> Math.round(25 * g);
      default -> Math.round(4 * 3600 * g);
    };
  }

  private int npsScore() {
    double r = rnd.nextDouble();
    double promoter = persona.promoter();
    return r < promoter ? 9 + rnd.nextInt(2) : r < promoter + 0.3 ? 7 + rnd.nextInt(2) : rnd.nextInt(7);
  }

  private int csatScore() {
    double r = rnd.nextDouble();
    return r < 0.7 ? 4 + rnd.nextInt(2) : 1 + rnd.nextInt(3);
  }

  private int cesScore(boolean easy) {
    return easy ? 4 + rnd.nextInt(4) : 1 + rnd.nextInt(5);
  }
}
