package io.cx.report.sample;

import static io.cx.ingest.EventContract.*;
import static io.cx.report.sample.StoryRecords.DAY;
import static io.cx.report.sample.StoryRecords.HOUR;

import io.cx.report.sample.StoryRecords.Order;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a generated customer does in public: social posts (some from a handle that cannot be linked
 * to them) and referral codes shared after an order, some of which bring a friend who buys.
 */
final class PublicStory {
  private static final String[] SOCIAL_TOUCHPOINTS = {"instagram", "x", "facebook", "tiktok"};
  /** Referred friends who buy do so within this many days, a fifth of them after the 30-day window. */
  private static final int REFERRAL_DAYS = 30;

  private final StoryRecords story;
  private final Persona persona;
  private final String customerId;

  PublicStory(StoryRecords records, Persona persona, String customerId) {
    this.story = records;
    this.persona = persona;
    this.customerId = customerId;
  }

  /** Likes, shares, comments and mentions; the last two with a sentiment. Some from a handle we cannot link. */
  void socialPosts() {
    if (story.rnd.nextDouble() >= persona.social()) {
      return;
    }
    String handle = story.rnd.nextDouble() < 0.6 ? null : "H" + Long.toHexString(story.rnd.nextLong() & 0xffffffffffL);
    int posts = 1 + story.rnd.nextInt(3);
    for (int i = 0; i < posts; i++) {
      double r = story.rnd.nextDouble();
      String engagement = r < 0.35 ? "like" : r < 0.6 ? "comment" : r < 0.75 ? "share" : "mention";
      SampleEvent e = story.event(story.randomTime(), SOCIAL, "social", story.pick(SOCIAL_TOUCHPOINTS))
          .set(ENGAGEMENT, engagement);
      if (handle == null) {
        e.set(CUSTOMER_ID, customerId);
      } else {
        e.set(ANONYMOUS_ID, handle);
      }
      if (engagement.equals("comment") || engagement.equals("mention")) {
        double sentiment = Math.max(-1, Math.min(1, persona.mood() + story.rnd.nextGaussian() * 0.5));
        e.set(SENTIMENT, Math.round(sentiment * 100) / 100.0);
      }
    }
  }

  /**
   * A customer with an order may share a referral code once or twice; some friends come and buy
   * with it, most within {@link #REFERRAL_DAYS} days, some later.
   */
  void referrals(List<Order> orders) {
    if (orders.isEmpty() || story.rnd.nextDouble() >= persona.referring()) {
      return;
    }
    int n = 1 + (story.rnd.nextDouble() < 0.3 ? 1 : 0);
    for (int i = 1; i <= n; i++) {
      Order after = orders.get(story.rnd.nextInt(orders.size()));
      long t = after.millis() + DAY + story.rnd.nextLong(20 * DAY);
      String code = "R" + Long.toString(story.index, 36) + "-" + i;
      double r = story.rnd.nextDouble();
      String channel = r < 0.4 ? "app" : r < 0.7 ? "email" : "social";
      story.event(t, REFERRAL, channel, "refer_a_friend").set(CUSTOMER_ID, customerId).set(REFERRAL_CODE, code);
      if (story.rnd.nextDouble() < 0.45) {
        long days = story.rnd.nextDouble() < 0.8 ? story.rnd.nextLong(REFERRAL_DAYS) : REFERRAL_DAYS + 1 + story.rnd.nextLong(15);
        referredFriend(t + days * DAY + HOUR + story.rnd.nextLong(8 * HOUR), code, i);
      }
    }
  }

  /** A new customer who lands from a referral link, looks around and buys with the code. */
  private void referredFriend(long start, String code, int n) {
    String friend = customerId + "-F" + n;
    String visitor = "A" + Long.toHexString(story.rnd.nextLong() & 0xffffffffffL);
    String sessionId = "S" + Long.toHexString(story.rnd.nextLong() & 0xffffffffffL);
    String product = "P" + (100 + story.rnd.nextInt(400));
    long t = start;
    story.event(t, PAGE_VIEW, "web", "home").set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId).set(PAGE, "/");
    t += story.secondsBetween(10, 120);
    story.event(t, PAGE_VIEW, "web", "product_page").set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId)
        .set(PAGE, "/product/" + product).set(PRODUCT_ID, product);
    t += story.secondsBetween(10, 120);
    BigDecimal amount = story.price(product);
    story.event(t, ADD_TO_CART, "web", "product_page").set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId)
        .set(PRODUCT_ID, product).set(QUANTITY, 1).set(AMOUNT, amount);
    t += story.secondsBetween(30, 300);
    story.event(t, CHECKOUT, "web", "checkout").set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId)
        .set(CUSTOMER_ID, friend).set(AMOUNT, amount);
    t += story.secondsBetween(30, 300);
    story.event(t, PURCHASE, "web", "checkout").set(ANONYMOUS_ID, visitor).set(SESSION_ID, sessionId)
        .set(CUSTOMER_ID, friend).set(ORDER_ID, "O" + story.index + "-F" + n).set(AMOUNT, amount).set(CURRENCY, "USD")
        .set(REFERRAL_CODE, code);
  }
}
