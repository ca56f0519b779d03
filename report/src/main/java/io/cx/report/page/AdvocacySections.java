package io.cx.report.page;

import static io.cx.report.page.SectionParts.count;
import static io.cx.report.page.SectionParts.counts;
import static io.cx.report.page.SectionParts.empty;
import static io.cx.report.page.SectionParts.rate;
import static io.cx.report.page.SectionParts.rateBar;
import static io.cx.report.page.SectionParts.value;
import static io.cx.report.page.SectionParts.withTotal;
import static io.cx.report.page.Sums.ratio;

import io.cx.ingest.EventContract;
import io.cx.metrics.KpiTables;
import io.cx.metrics.Referrals;
import io.cx.metrics.Social;
import io.cx.report.page.PageModel.Cell;
import io.cx.report.page.PageModel.Chart;
import io.cx.report.page.PageModel.DataTable;
import io.cx.report.page.PageModel.Section;
import io.cx.report.page.PageModel.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The sections on what customers say in public and whom they bring: social posts and reviews, and referrals. */
final class AdvocacySections {
  private final Function<String, List<PageRow>> tables;
  private final Period current;
  private final Period previous;

  AdvocacySections(Function<String, List<PageRow>> tables, Period current, Period previous) {
    this.tables = tables;
    this.current = current;
    this.previous = previous;
  }

  private List<PageRow> in(String table, Period p) {
    return SectionParts.rowsIn(tables, table, p);
  }

  Section social() {
    String title = "Social posts and reviews";
    String lead = "Likes, comments, shares, mentions and reviews about the business, by touchpoint, and their net "
        + "sentiment: positive minus negative posts over the posts with a sentiment, from -100 to 100.";
    String[] cols = {Social.ENGAGEMENTS, Social.WITH_SENTIMENT, Social.POSITIVE, Social.NEGATIVE};
    Sums s = Sums.of(in(KpiTables.SOCIAL, current), PageBuilder::touchpointOf, cols);
    if (s.total(Social.ENGAGEMENTS) == 0) {
      return empty("social", title, lead, "No social posts or reviews in " + current.label() + ".");
    }
    Sums p = Sums.of(in(KpiTables.SOCIAL, previous), PageBuilder::touchpointOf, cols);
    List<String> keys = s.keysBy(Social.ENGAGEMENTS);
    List<String> withSentiment = keys.stream().filter(k -> s.get(k, Social.WITH_SENTIMENT) > 0).toList();
    List<Double> num = withSentiment.stream().map(k -> net(s, k)).toList();
    List<Double> den = withSentiment.stream().map(k -> s.get(k, Social.WITH_SENTIMENT)).toList();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < withSentiment.size(); i++) {
      values.add(ratio(num.get(i) * 100, den.get(i)));
    }
    List<Chart> charts = new ArrayList<>();
    if (!withSentiment.isEmpty()) {
      charts.add(new Chart("social-net", "hbar", "Net sentiment by touchpoint", Fmt.POINTS.script, withSentiment,
          List.of(new Series("Net sentiment", values, num, den))));
    }
    Sums byKind = Sums.of(in(KpiTables.SOCIAL, current), r -> r.text(EventContract.ENGAGEMENT), Social.ENGAGEMENTS);
    List<String> kinds = byKind.keysBy(Social.ENGAGEMENTS);
    charts.add(new Chart("social-kinds", "bar", "Posts by kind", Fmt.COUNT.script, kinds,
        List.of(counts("Posts", kinds, byKind, Social.ENGAGEMENTS))));
    List<List<Cell>> table = new ArrayList<>();
    for (String k : withTotal(keys)) {
      table.add(List.of(Cell.text(SectionParts.ALL.equals(k) ? "All touchpoints" : k), count(s, k, Social.ENGAGEMENTS), count(s, k, Social.WITH_SENTIMENT),
          count(s, k, Social.POSITIVE), count(s, k, Social.NEGATIVE), netCell(s, k), netCell(p, k)));
    }
    DataTable t = new DataTable("social-table", "Social posts and reviews by touchpoint, " + current.label(),
        List.of("Touchpoint", "Posts", "With a sentiment", "Positive", "Negative", "Net sentiment",
            "Net sentiment, " + previous.shortLabel()), table, false);
    return new Section("social", title, lead, null, List.of(), charts, List.of(t), List.of("A sentiment above 0.25 "
        + "is positive, below -0.25 negative, in between neutral; likes and shares usually carry none."));
  }

  private static double net(Sums s, String key) {
    return value(s, key, Social.POSITIVE) - value(s, key, Social.NEGATIVE);
  }

  private static Cell netCell(Sums s, String key) {
    if (!SectionParts.ALL.equals(key) && !s.has(key)) {
      return Cell.number("–", "no data");
    }
    double n = net(s, key);
    double d = value(s, key, Social.WITH_SENTIMENT);
    return Cell.number(Fmt.POINTS.text(ratio(n * 100, d)), SectionParts.ratioTitle(n, d, "posts with a sentiment"));
  }

  Section referrals() {
    String title = "Referrals";
    String lead = "Referral codes customers shared, by the channel they shared them on, and the orders placed with "
        + "them within the referral window, counted on the day the code was shared.";
    String[] cols = {Referrals.REFERRALS_SENT, Referrals.REFERRED_ORDERS};
    Sums s = Sums.of(in(KpiTables.REFERRALS, current), PageBuilder::channelOf, cols);
    if (s.total(Referrals.REFERRALS_SENT) == 0) {
      return empty("referrals", title, lead, "No referrals in " + current.label() + ".");
    }
    Sums p = Sums.of(in(KpiTables.REFERRALS, previous), PageBuilder::channelOf, cols);
    List<String> keys = s.keysBy(Referrals.REFERRALS_SENT);
    Chart conversion = rateBar("referrals-conversion", "Referral conversion by channel", Fmt.PERCENT, keys, s,
        Referrals.REFERRED_ORDERS, Referrals.REFERRALS_SENT, 1);
    Chart volume = new Chart("referrals-counts", "bar", "Referrals and referred orders by channel", Fmt.COUNT.script,
        keys, List.of(counts("Referrals", keys, s, Referrals.REFERRALS_SENT),
            counts("Referred orders", keys, s, Referrals.REFERRED_ORDERS)));
    List<List<Cell>> table = new ArrayList<>();
    for (String k : withTotal(keys)) {
      table.add(List.of(Cell.text(k), count(s, k, Referrals.REFERRALS_SENT), count(s, k, Referrals.REFERRED_ORDERS),
          rate(s, k, Referrals.REFERRED_ORDERS, Referrals.REFERRALS_SENT, Fmt.PERCENT, 1),
          rate(p, k, Referrals.REFERRED_ORDERS, Referrals.REFERRALS_SENT, Fmt.PERCENT, 1)));
    }
    DataTable t = new DataTable("referrals-table", "Referrals by channel, " + current.label(),
        List.of("Channel", "Referrals", "Referred orders", "Conversion", "Conversion, " + previous.shortLabel()),
        table, false);
    return new Section("referrals", title, lead, null, List.of(), List.of(conversion, volume), List.of(t),
        List.of("Orders can still come in during the referral window after a code was shared, so the conversion "
            + "of the latest weeks grows until their window has passed. The share of buying customers who "
            + "referred someone is the scorecard's referral rate."));
  }
}
