package io.cx.report.sample;

import java.util.SplittableRandom;

/**
 * The kind of customer a generated person is, which shapes their whole history: how often they
 * come, buy and return, how much service they need, how they answer surveys and talk in public,
 * whether they recommend the shop, and how likely they are to stop coming. Drawn from the seed
 * and the customer's index alone, so a customer-attributes file can name it without generating
 * the events.
 *
 * @param share the share of customers with this persona (the shares add up to 1)
 * @param activity multiplies the number of browsing sessions
 * @param buying chance that a session with a cart ends in a purchase
 * @param returning chance that an order is returned
 * @param service multiplies the chance of a support case
 * @param promoter chance that an NPS answer is 9-10 (a further 30 % are 7-8, the rest 0-6)
 * @param social chance of posting about the shop at least once
 * @param mood mean sentiment of what they post, -1 to 1
 * @param referring chance that a customer with an order refers a friend
 * @param lapsing chance of stopping for good at some time in the period
 */
record Persona(String name, double share, double activity, double buying, double returning, double service,
    double promoter, double social, double mood, double referring, double lapsing) {

  static final Persona LOYALIST = new Persona("loyalist", 0.20, 1.6, 0.65, 0.06, 0.7, 0.70, 0.35, 0.55, 0.40, 0.08);
  static final Persona DEAL_SEEKER = new Persona("deal_seeker", 0.30, 1.2, 0.35, 0.18, 1.0, 0.35, 0.25, 0.10, 0.12, 0.25);
  static final Persona CASUAL = new Persona("casual", 0.35, 0.6, 0.45, 0.10, 0.8, 0.40, 0.10, 0.20, 0.05, 0.30);
  static final Persona SUPPORT_HEAVY =
      new Persona("support_heavy", 0.15, 1.0, 0.45, 0.16, 3.0, 0.15, 0.30, -0.45, 0.02, 0.60);

  static final java.util.List<Persona> ALL = java.util.List.of(LOYALIST, DEAL_SEEKER, CASUAL, SUPPORT_HEAVY);

  /** The persona of customer {@code index} under {@code seed}. */
  static Persona of(long seed, long index) {
    double r = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + index * 31 + 17).nextDouble();
    for (Persona p : ALL) {
      r -= p.share;
      if (r < 0) {
        return p;
      }
    }
    return ALL.get(ALL.size() - 1);
  }
}
