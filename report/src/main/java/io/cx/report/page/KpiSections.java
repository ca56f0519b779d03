package io.cx.report.page;

import static io.cx.report.page.PageBuilder.channelOf;
import static io.cx.report.page.PageBuilder.touchpointOf;
import static io.cx.report.page.SectionParts.count;
import static io.cx.report.page.SectionParts.counts;
import static io.cx.report.page.SectionParts.daily;
import static io.cx.report.page.SectionParts.dailyTable;
import static io.cx.report.page.SectionParts.empty;
import static io.cx.report.page.SectionParts.percentileNote;
import static io.cx.report.page.SectionParts.rate;
import static io.cx.report.page.SectionParts.rateBar;
import static io.cx.report.page.SectionParts.ratioTitle;
import static io.cx.report.page.SectionParts.value;
import static io.cx.report.page.SectionParts.withTotal;
import static io.cx.report.page.Sums.ratio;

import io.cx.ingest.EventContract;
import io.cx.metrics.CartAbandonment;
import io.cx.metrics.JourneyConversion;
import io.cx.metrics.KpiTables;
import io.cx.metrics.PagesBeforePurchase;
import io.cx.metrics.RepeatPurchase;
import io.cx.metrics.RetentionCohorts;
import io.cx.metrics.Returns;
import io.cx.metrics.ServiceContacts;
import io.cx.metrics.Surveys;
import io.cx.report.page.PageModel.Cell;
import io.cx.report.page.PageModel.Chart;
import io.cx.report.page.PageModel.DataTable;
import io.cx.report.page.PageModel.Section;
import io.cx.report.page.PageModel.Series;
import io.cx.transform.JourneysContract;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** The sections of the page that show one KPI table each, for the chosen period, by channel or touchpoint. */
final class KpiSections {
  private final Function<String, List<PageRow>> tables;
  private final Period current;
  private final Period previous;

  KpiSections(Function<String, List<PageRow>> tables, Period current, Period previous) {
    this.tables = tables;
    this.current = current;
    this.previous = previous;
  }

  private List<PageRow> in(String table, Period p) {
    return SectionParts.rowsIn(tables, table, p);
  }

  private String none(String what) {
    return "No " + what + " in " + current.label() + ".";
  }

  Section carts() {
    String lead = "Share of web and app sessions with an add-to-cart that ended without a purchase in the same "
        + "session, and how many of those carts were still bought later in the same journey (recovered).";
    List<PageRow> rows = in(KpiTables.CART_ABANDONMENT, current);
    String[] cols = {CartAbandonment.SESSIONS, CartAbandonment.CART_SESSIONS, CartAbandonment.ABANDONED_CART_SESSIONS,
        CartAbandonment.RECOVERED_CARTS};
    Sums s = Sums.of(rows, PageBuilder::channelOf, cols);
    if (s.total(CartAbandonment.CART_SESSIONS) == 0) {
      return empty("carts", "Cart abandonment", lead, none("sessions with a cart"));
    }
    Sums p = Sums.of(in(KpiTables.CART_ABANDONMENT, previous), PageBuilder::channelOf, cols);
    List<String> keys = s.keysBy(CartAbandonment.CART_SESSIONS);
    Chart rate = rateBar("cart-rate", "Cart abandonment rate by channel", Fmt.PERCENT, keys, s,
        CartAbandonment.ABANDONED_CART_SESSIONS, CartAbandonment.CART_SESSIONS, 1);
    Chart counts = new Chart("cart-counts", "bar", "Abandoned and recovered carts by channel", Fmt.COUNT.script, keys,
        List.of(counts("Abandoned", keys, s, CartAbandonment.ABANDONED_CART_SESSIONS),
            counts("Recovered", keys, s, CartAbandonment.RECOVERED_CARTS)));
    List<List<Cell>> table = new ArrayList<>();
    for (String k : withTotal(keys)) {
      table.add(List.of(Cell.text(k), count(s, k, CartAbandonment.SESSIONS), count(s, k, CartAbandonment.CART_SESSIONS),
          count(s, k, CartAbandonment.ABANDONED_CART_SESSIONS), count(s, k, CartAbandonment.RECOVERED_CARTS),
          rate(s, k, CartAbandonment.ABANDONED_CART_SESSIONS, CartAbandonment.CART_SESSIONS, Fmt.PERCENT, 1),
          rate(p, k, CartAbandonment.ABANDONED_CART_SESSIONS, CartAbandonment.CART_SESSIONS, Fmt.PERCENT, 1)));
    }
    DataTable t = new DataTable("carts-table", "Cart abandonment by channel, " + current.label(),
        List.of("Channel", "Sessions", "Sessions with a cart", "Abandoned", "Recovered", "Abandonment rate",
            "Rate, " + previous.shortLabel()), table, false);
    return new Section("carts", "Cart abandonment", lead, null, List.of(), List.of(rate, counts), List.of(t), List.of());
  }

  Section pages() {
    String lead = "Page views in the purchase journey before the purchase, per order, by the channel of the purchase.";
    List<PageRow> rows = in(KpiTables.PAGES_BEFORE_PURCHASE, current);
    Sums s = Sums.of(rows, PageBuilder::channelOf, PagesBeforePurchase.PURCHASES, PagesBeforePurchase.PAGE_VIEWS_SUM,
        PagesBeforePurchase.TIME_TO_PURCHASE_SECONDS_SUM, PagesBeforePurchase.SESSIONS_TO_PURCHASE_SUM);
    if (s.total(PagesBeforePurchase.PURCHASES) == 0) {
      return empty("pages", "Pages viewed before purchase", lead, none("purchases"));
    }
    List<String> keys = s.keysBy(PagesBeforePurchase.PURCHASES);
    Chart avg = rateBar("pages-avg", "Page views per purchase (average) by channel", Fmt.DECIMAL, keys, s,
        PagesBeforePurchase.PAGE_VIEWS_SUM, PagesBeforePurchase.PURCHASES, 1);
    Chart p50 = daily("pages-p50", "Median page views before purchase, by day", Fmt.DECIMAL, rows,
        PageBuilder::channelOf, PagesBeforePurchase.PAGE_VIEWS_P50);
    Chart p90 = daily("pages-p90", "90th percentile of page views before purchase, by day", Fmt.DECIMAL, rows,
        PageBuilder::channelOf, PagesBeforePurchase.PAGE_VIEWS_P90);
    List<List<Cell>> table = new ArrayList<>();
    for (String k : withTotal(keys)) {
      table.add(List.of(Cell.text(k), count(s, k, PagesBeforePurchase.PURCHASES),
          rate(s, k, PagesBeforePurchase.PAGE_VIEWS_SUM, PagesBeforePurchase.PURCHASES, Fmt.DECIMAL, 1),
          rate(s, k, PagesBeforePurchase.TIME_TO_PURCHASE_SECONDS_SUM, PagesBeforePurchase.PURCHASES, Fmt.SECONDS, 1),
          rate(s, k, PagesBeforePurchase.SESSIONS_TO_PURCHASE_SUM, PagesBeforePurchase.PURCHASES, Fmt.DECIMAL, 1)));
    }
    DataTable summary = new DataTable("pages-table", "Pages viewed before purchase by channel, " + current.label(),
        List.of("Channel", "Purchases", "Page views per purchase", "Time to purchase (average)",
            "Sessions per purchase"), table, false);
    DataTable days = dailyTable("pages-daily", "Median and 90th percentile by day and channel", rows,
        PageBuilder::channelOf, PagesBeforePurchase.PURCHASES, "Purchases", PagesBeforePurchase.PAGE_VIEWS_P50,
        PagesBeforePurchase.PAGE_VIEWS_P90, Fmt.DECIMAL);
    return new Section("pages", "Pages viewed before purchase", lead, null, List.of(), List.of(avg, p50, p90),
        List.of(summary, days), List.of(percentileNote()));
  }

  Section returns() {
    String lead = "Orders returned within the return window and the money refunded, by the channel of the purchase.";
    List<PageRow> rows = in(KpiTables.RETURNS, current);
    boolean currencies = rows.stream().map(r -> r.text(EventContract.CURRENCY)).distinct().count() > 1;
    Function<PageRow, String> key = r -> currencies ? channelOf(r) + " (" + r.text(EventContract.CURRENCY) + ")"
        : channelOf(r);
    String[] cols = {Returns.ORDERS, Returns.RETURNED_ORDERS, Returns.REVENUE, Returns.REFUND_AMOUNT};
    Sums s = Sums.of(rows, key, cols);
    if (s.total(Returns.ORDERS) == 0) {
      return empty("returns", "Returns and refunds", lead, none("orders"));
    }
    Sums p = Sums.of(in(KpiTables.RETURNS, previous), key, cols);
    List<String> keys = s.keysBy(Returns.ORDERS);
    Chart rate = rateBar("returns-rate", "Return rate by channel", Fmt.PERCENT, keys, s, Returns.RETURNED_ORDERS,
        Returns.ORDERS, 1);
    Chart refunds = rateBar("returns-refund-rate", "Refunds as a share of revenue by channel", Fmt.PERCENT, keys, s,
        Returns.REFUND_AMOUNT, Returns.REVENUE, 1);
    List<List<Cell>> table = new ArrayList<>();
    for (String k : currencies ? keys : withTotal(keys)) {
      table.add(List.of(Cell.text(k), count(s, k, Returns.ORDERS), count(s, k, Returns.RETURNED_ORDERS),
          rate(s, k, Returns.RETURNED_ORDERS, Returns.ORDERS, Fmt.PERCENT, 1),
          Cell.number(Fmt.MONEY.text(value(s, k, Returns.REVENUE))),
          Cell.number(Fmt.MONEY.text(value(s, k, Returns.REFUND_AMOUNT))),
          rate(s, k, Returns.REFUND_AMOUNT, Returns.REVENUE, Fmt.PERCENT, 1),
          rate(p, k, Returns.RETURNED_ORDERS, Returns.ORDERS, Fmt.PERCENT, 1)));
    }
    DataTable t = new DataTable("returns-table", "Returns and refunds by channel, " + current.label(),
        List.of("Channel", "Orders", "Returned orders", "Return rate", "Revenue", "Refunds", "Refund rate",
            "Return rate, " + previous.shortLabel()), table, false);
    List<String> notes = currencies ? List.of("Money is never added across currencies: each channel and currency "
        + "is its own row, and there is no total.") : List.of();
    return new Section("returns", "Returns and refunds", lead, null, List.of(), List.of(rate, refunds), List.of(t),
        notes);
  }

  Section service() {
    String lead = "Customer-service contacts by channel: volume, response time (wait), resolution time and "
        + "first-contact resolution.";
    List<PageRow> rows = in(KpiTables.SERVICE_CONTACTS, current);
    String[] cols = {ServiceContacts.CONTACTS, ServiceContacts.CASES_OPENED, ServiceContacts.FIRST_CONTACT_RESOLVED,
        ServiceContacts.WAIT_SECONDS_SUM, ServiceContacts.WAIT_SECONDS_COUNT, ServiceContacts.HANDLE_SECONDS_SUM,
        ServiceContacts.HANDLE_SECONDS_COUNT, ServiceContacts.CASES_RESOLVED, ServiceContacts.RESOLUTION_SECONDS_SUM};
    Sums s = Sums.of(rows, PageBuilder::channelOf, cols);
    if (s.total(ServiceContacts.CONTACTS) == 0) {
      return empty("service", "Service contacts", lead, none("service contacts"));
    }
    // day_orders is the day's total over every channel, repeated on each row of the day: once per day.
    Map<LocalDate, Double> dayOrders = new TreeMap<>();
    rows.forEach(r -> dayOrders.putIfAbsent(r.date(KpiTables.DATE), r.sum(ServiceContacts.DAY_ORDERS)));
    double orders = dayOrders.values().stream().mapToDouble(Double::doubleValue).sum();
    List<String> keys = s.keysBy(ServiceContacts.CONTACTS);
    Chart volume = new Chart("service-contacts", "bar", "Contacts by channel", Fmt.COUNT.script, keys,
        List.of(counts("Contacts", keys, s, ServiceContacts.CONTACTS)));
    Chart wait = rateBar("service-wait", "Average response time (wait) by channel", Fmt.SECONDS, keys, s,
        ServiceContacts.WAIT_SECONDS_SUM, ServiceContacts.WAIT_SECONDS_COUNT, 1);
    Chart resolution = rateBar("service-resolution", "Average resolution time by channel", Fmt.SECONDS, keys, s,
        ServiceContacts.RESOLUTION_SECONDS_SUM, ServiceContacts.CASES_RESOLVED, 1);
    Chart fcr = rateBar("service-fcr", "First-contact resolution by channel", Fmt.PERCENT, keys, s,
        ServiceContacts.FIRST_CONTACT_RESOLVED, ServiceContacts.CASES_OPENED, 1);
    Chart p90 = daily("service-wait-p90", "90th percentile of response time, by day", Fmt.SECONDS, rows,
        r -> channelOf(r) + " · " + touchpointOf(r), ServiceContacts.WAIT_SECONDS_P90);
    List<List<Cell>> table = new ArrayList<>();
    for (String k : withTotal(keys)) {
      double contacts = value(s, k, ServiceContacts.CONTACTS);
      Double per100 = ratio(contacts * 100, orders);
      table.add(List.of(Cell.text(k), count(s, k, ServiceContacts.CONTACTS),
          Cell.number(Fmt.DECIMAL.text(per100), ratioTitle(contacts, orders, "orders")),
          rate(s, k, ServiceContacts.WAIT_SECONDS_SUM, ServiceContacts.WAIT_SECONDS_COUNT, Fmt.SECONDS, 1),
          rate(s, k, ServiceContacts.HANDLE_SECONDS_SUM, ServiceContacts.HANDLE_SECONDS_COUNT, Fmt.SECONDS, 1),
          count(s, k, ServiceContacts.CASES_OPENED),
          rate(s, k, ServiceContacts.FIRST_CONTACT_RESOLVED, ServiceContacts.CASES_OPENED, Fmt.PERCENT, 1),
          count(s, k, ServiceContacts.CASES_RESOLVED),
          rate(s, k, ServiceContacts.RESOLUTION_SECONDS_SUM, ServiceContacts.CASES_RESOLVED, Fmt.SECONDS, 1)));
    }
    DataTable t = new DataTable("service-table", "Service contacts by channel, " + current.label(),
        List.of("Channel", "Contacts", "Contacts per 100 orders", "Average wait", "Average handling time",
            "Cases opened", "First-contact resolution", "Cases resolved", "Average resolution time"), table, false);
    DataTable days = dailyTable("service-daily", "90th percentile of response time by day, channel and touchpoint", rows,
        r -> channelOf(r) + " · " + touchpointOf(r), ServiceContacts.CONTACTS, "Contacts",
        ServiceContacts.WAIT_SECONDS_P90, null, Fmt.SECONDS);
    return new Section("service", "Service contacts", lead, null, List.of(), List.of(volume, wait, resolution, fcr, p90),
        List.of(t, days), List.of("Contacts per 100 orders: the channel's contacts per 100 orders of the period in "
            + "every channel (" + Fmt.COUNT.text(orders) + " orders).", percentileNote()));
  }

  Section repeat() {
    String lead = "Orders that are a customer's second or later, by the channel of the purchase, and how many "
        + "customers of each first-order month ordered again in the months after.";
    List<PageRow> rows = in(KpiTables.REPEAT_PURCHASE, current);
    String[] cols = {RepeatPurchase.ORDERS, RepeatPurchase.FIRST_ORDERS, RepeatPurchase.REPEAT_ORDERS,
        RepeatPurchase.DAYS_SINCE_PREVIOUS_ORDER_SUM};
    Sums s = Sums.of(rows, PageBuilder::channelOf, cols);
    List<Chart> charts = new ArrayList<>();
    List<DataTable> tablesOut = new ArrayList<>();
    if (s.total(RepeatPurchase.ORDERS) > 0) {
      List<String> keys = s.keysBy(RepeatPurchase.ORDERS);
      charts.add(rateBar("repeat-share", "Repeat order share by channel", Fmt.PERCENT, keys, s,
          RepeatPurchase.REPEAT_ORDERS, RepeatPurchase.ORDERS, 1));
      List<List<Cell>> table = new ArrayList<>();
      for (String k : withTotal(keys)) {
        table.add(List.of(Cell.text(k), count(s, k, RepeatPurchase.ORDERS), count(s, k, RepeatPurchase.FIRST_ORDERS),
            count(s, k, RepeatPurchase.REPEAT_ORDERS),
            rate(s, k, RepeatPurchase.REPEAT_ORDERS, RepeatPurchase.ORDERS, Fmt.PERCENT, 1),
            rate(s, k, RepeatPurchase.DAYS_SINCE_PREVIOUS_ORDER_SUM, RepeatPurchase.REPEAT_ORDERS, Fmt.DECIMAL, 1)));
      }
      tablesOut.add(new DataTable("repeat-table", "Repeat purchase by channel, " + current.label(),
          List.of("Channel", "Orders", "First orders", "Repeat orders", "Repeat share",
              "Days since previous order (average)"), table, false));
    }
    DataTable cohorts = cohorts();
    if (cohorts != null) {
      tablesOut.add(cohorts);
    }
    if (tablesOut.isEmpty()) {
      return empty("repeat", "Repeat purchase and retention", lead, none("orders"));
    }
    return new Section("repeat", "Repeat purchase and retention", lead, null, List.of(), charts, tablesOut,
        List.of("Retention: share of a cohort (customers whose first order is in that month) with an order in "
            + "each later month; all cohorts, whatever the period."));
  }

  /** The retention heatmap: cohorts as rows, months since the first order as columns. */
  private DataTable cohorts() {
    List<PageRow> rows = tables.apply(KpiTables.RETENTION_COHORTS);
    if (rows.isEmpty()) {
      return null;
    }
    TreeSet<String> cohorts = new TreeSet<>();
    int maxMonths = 0;
    Map<String, PageRow> cells = new LinkedHashMap<>();
    for (PageRow r : rows) {
      String cohort = r.text(RetentionCohorts.MONTH);
      int m = r.number(RetentionCohorts.MONTHS_SINCE_FIRST).intValue();
      cohorts.add(cohort);
      maxMonths = Math.max(maxMonths, m);
      cells.put(cohort + "/" + m, r);
    }
    List<String> columns = new ArrayList<>(List.of("First-order month", "Customers"));
    for (int m = 0; m <= maxMonths; m++) {
      columns.add("Month " + m);
    }
    List<List<Cell>> out = new ArrayList<>();
    for (String cohort : cohorts) {
      List<Cell> line = new ArrayList<>();
      line.add(Cell.text(cohort));
      PageRow first = cells.get(cohort + "/0");
      line.add(Cell.number(first == null ? "–" : Fmt.COUNT.text(first.number(RetentionCohorts.COHORT_CUSTOMERS))));
      for (int m = 0; m <= maxMonths; m++) {
        PageRow r = cells.get(cohort + "/" + m);
        if (r == null) {
          line.add(new Cell("", null, null, true));
          continue;
        }
        Double rate = r.number(RetentionCohorts.RETENTION_RATE);
        String title = Fmt.COUNT.text(r.number(RetentionCohorts.ACTIVE_CUSTOMERS)) + " of "
            + Fmt.COUNT.text(r.number(RetentionCohorts.COHORT_CUSTOMERS)) + " customers ordered in "
            + r.text(RetentionCohorts.ACTIVITY_MONTH);
        line.add(new Cell(Fmt.PERCENT.text(rate), title, heat(rate), true));
      }
      out.add(line);
    }
    return new DataTable("retention", "Retention by first-order month (share of the cohort ordering in each month "
        + "after the first)", columns, out, false);
  }

  /** A blue whose depth follows the rate, with white text on the deeper half. */
  static String heat(Double rate) {
    if (rate == null) {
      return null;
    }
    double r = Math.max(0, Math.min(1, rate));
    double lightness = 96 - r * 54;
    return String.format(Locale.ROOT, "background: hsl(212, 65%%, %.0f%%); color: %s", lightness,
        lightness < 66 ? "#fff" : "#1d2733");
  }

  Section surveys() {
    String lead = "Survey answers by touchpoint: NPS (promoters minus detractors, -100 to 100), CSAT (share of "
        + "satisfied answers) and CES (average effort score, higher is easier).";
    List<PageRow> rows = in(KpiTables.SURVEYS, current);
    if (rows.stream().mapToDouble(r -> r.sum(Surveys.RESPONSES)).sum() == 0) {
      return empty("surveys", "NPS, CSAT and CES", lead, none("survey answers"));
    }
    List<Chart> charts = new ArrayList<>();
    List<List<Cell>> table = new ArrayList<>();
    for (String type : EventContract.SURVEY_TYPES) {
      List<PageRow> ofType = rows.stream().filter(r -> type.equals(r.text(EventContract.SURVEY_TYPE))).toList();
      Sums s = Sums.of(ofType, PageBuilder::touchpointOf, Surveys.RESPONSES, Surveys.PROMOTERS, Surveys.PASSIVES,
          Surveys.DETRACTORS, Surveys.SATISFIED, Surveys.SCORE_SUM, Surveys.EASY);
      if (s.total(Surveys.RESPONSES) == 0) {
        continue;
      }
      List<String> keys = s.keysBy(Surveys.RESPONSES);
      List<Double> num = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      List<Double> den = keys.stream().map(k -> s.get(k, Surveys.RESPONSES)).toList();
      for (String k : keys) {
        double n = switch (type) {
          case EventContract.NPS -> s.get(k, Surveys.PROMOTERS) - s.get(k, Surveys.DETRACTORS);
          case EventContract.CSAT -> s.get(k, Surveys.SATISFIED);
          default -> s.get(k, Surveys.SCORE_SUM);
        };
        double scale = type.equals(EventContract.CES) ? 1 : 100;
        num.add(n);
        values.add(ratio(n * scale, s.get(k, Surveys.RESPONSES)));
      }
      Fmt f = switch (type) {
        case EventContract.NPS -> Fmt.POINTS;
        case EventContract.CSAT -> Fmt.SCORE_PERCENT;
        default -> Fmt.DECIMAL;
      };
      String name = type.toUpperCase(Locale.ROOT);
      charts.add(new Chart("surveys-" + type, "hbar", name + " by touchpoint", f.script, keys,
          List.of(new Series(name, values, num, den))));
      for (int i = 0; i < keys.size(); i++) {
        String k = keys.get(i);
        String detail = switch (type) {
          case EventContract.NPS -> Fmt.COUNT.text(s.get(k, Surveys.PROMOTERS)) + " promoters, "
              + Fmt.COUNT.text(s.get(k, Surveys.PASSIVES)) + " passives, "
              + Fmt.COUNT.text(s.get(k, Surveys.DETRACTORS)) + " detractors";
          case EventContract.CSAT -> Fmt.COUNT.text(s.get(k, Surveys.SATISFIED)) + " satisfied (4-5)";
          default -> Fmt.COUNT.text(s.get(k, Surveys.EASY)) + " easy (5-7)";
        };
        table.add(List.of(Cell.text(k), Cell.text(name), Cell.number(Fmt.COUNT.text(den.get(i))),
            Cell.number(f.text(values.get(i)), PageBuilder.ratioText(num.get(i), den.get(i))), Cell.text(detail)));
      }
    }
    DataTable t = new DataTable("surveys-table", "Survey scores by touchpoint, " + current.label(),
        List.of("Touchpoint", "Survey", "Responses", "Score", "Answers"), table, false);
    return new Section("surveys", "NPS, CSAT and CES", lead, null, List.of(), charts, List.of(t), List.of());
  }

  Section conversion() {
    String lead = "Share of closed purchase journeys that ended in a purchase, by the channel the journey started "
        + "on and the channel it ended on.";
    List<PageRow> first = in(KpiTables.JOURNEY_CONVERSION, current);
    List<PageRow> last = in(KpiTables.JOURNEY_CONVERSION_LAST_CHANNEL, current);
    Sums sf = Sums.of(first, r -> r.text(JourneysContract.FIRST_CHANNEL), JourneyConversion.CLOSED_JOURNEYS,
        JourneyConversion.PURCHASED_JOURNEYS, JourneyConversion.TOUCHPOINTS_SUM);
    Sums sl = Sums.of(last, r -> r.text(JourneysContract.LAST_CHANNEL), JourneyConversion.CLOSED_JOURNEYS,
        JourneyConversion.PURCHASED_JOURNEYS, JourneyConversion.TOUCHPOINTS_SUM);
    if (sf.total(JourneyConversion.CLOSED_JOURNEYS) == 0 && sl.total(JourneyConversion.CLOSED_JOURNEYS) == 0) {
      return empty("conversion", "Journey conversion", lead, none("closed journeys"));
    }
    List<Chart> charts = new ArrayList<>();
    List<DataTable> out = new ArrayList<>();
    for (Object[] side : new Object[][] {{"first", "First channel", sf}, {"last", "Last channel", sl}}) {
      Sums s = (Sums) side[2];
      if (s.total(JourneyConversion.CLOSED_JOURNEYS) == 0) {
        continue;
      }
      List<String> keys = s.keysBy(JourneyConversion.CLOSED_JOURNEYS);
      charts.add(rateBar("conversion-" + side[0], "Conversion by " + ((String) side[1]).toLowerCase(Locale.ROOT),
          Fmt.PERCENT, keys, s, JourneyConversion.PURCHASED_JOURNEYS, JourneyConversion.CLOSED_JOURNEYS, 1));
      List<List<Cell>> table = new ArrayList<>();
      for (String k : withTotal(keys)) {
        table.add(List.of(Cell.text(k), count(s, k, JourneyConversion.CLOSED_JOURNEYS),
            count(s, k, JourneyConversion.PURCHASED_JOURNEYS),
            rate(s, k, JourneyConversion.PURCHASED_JOURNEYS, JourneyConversion.CLOSED_JOURNEYS, Fmt.PERCENT, 1),
            rate(s, k, JourneyConversion.TOUCHPOINTS_SUM, JourneyConversion.CLOSED_JOURNEYS, Fmt.DECIMAL, 1)));
      }
      out.add(new DataTable("conversion-" + side[0] + "-table", "Journey conversion by " + ((String) side[1])
          .toLowerCase(Locale.ROOT) + ", " + current.label(), List.of((String) side[1], "Closed journeys",
          "Purchased", "Conversion", "Touchpoints per journey"), table, false));
    }
    return new Section("conversion", "Journey conversion", lead, null, List.of(), charts, out,
        List.of("A journey counts in the period it closed (its purchase, or its last event once it timed out)."));
  }
}
