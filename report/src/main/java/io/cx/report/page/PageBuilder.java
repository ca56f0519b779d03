package io.cx.report.page;

import static io.cx.ingest.EventContract.CHANNEL;
import static io.cx.ingest.EventContract.TOUCHPOINT;

import com.fasterxml.jackson.databind.JsonNode;
import io.cx.metrics.KpiTables;
import io.cx.metrics.Scorecard;
import io.cx.report.page.PageModel.Card;
import io.cx.report.page.PageModel.Cell;
import io.cx.report.page.PageModel.Chart;
import io.cx.report.page.PageModel.DataTable;
import io.cx.report.page.PageModel.Section;
import io.cx.report.page.PageModel.Series;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds the {@link PageModel} from the published tables and the latest run manifest: picks the
 * period, then fills each section from the rows of that period. Nothing is recomputed from detail
 * data; a period's rate is its days' numerators over their denominators.
 */
public final class PageBuilder {
  /** The grains a page can be built for (the scorecard's periods, day aside). */
  public static final List<String> GRAINS = List.of("month", "quarter", "week");
  /** How many periods the scorecard's trend lines show. */
  static final int TREND_PERIODS = 12;

  /** Headline KPIs in the order of the page, with the names people use for them. */
  private static final Map<String, String> KPI_LABELS = new LinkedHashMap<>();

  static {
    KPI_LABELS.put("conversion_rate", "Journey conversion");
    KPI_LABELS.put("cart_abandonment_rate", "Cart abandonment");
    KPI_LABELS.put("return_rate", "Return rate");
    KPI_LABELS.put("repeat_order_share", "Repeat orders");
    KPI_LABELS.put("contact_rate", "Orders with a service contact");
    KPI_LABELS.put("wait_seconds_avg", "Average response time");
    KPI_LABELS.put("resolution_seconds_avg", "Average resolution time");
    KPI_LABELS.put("fcr_rate", "First-contact resolution");
    KPI_LABELS.put("nps", "NPS");
    KPI_LABELS.put("csat", "CSAT");
    KPI_LABELS.put("ces_avg", "Customer effort (CES)");
    KPI_LABELS.put(Scorecard.CHURN_RATE, "Churn rate");
    KPI_LABELS.put("net_social_sentiment", "Net social sentiment");
    KPI_LABELS.put(Scorecard.REFERRAL_RATE, "Referral rate");
  }

  private final Function<String, List<PageRow>> tables;
  private final JsonNode manifest;
  private final String grain;
  private final Instant generatedAt;
  private final ZoneId zone;
  private final LocalDate dataThrough;
  private final Period current;
  private final Period previous;
  private final boolean inProgress;

  /**
   * @param tables the rows of a published table by name (empty when it is not published)
   * @param manifest the latest run manifest (null when there is none)
   */
  public PageBuilder(Function<String, List<PageRow>> tables, JsonNode manifest, String grain, Instant generatedAt) {
    if (!GRAINS.contains(grain)) {
      throw new IllegalArgumentException("period " + grain + " is not one of " + GRAINS);
    }
    this.tables = tables;
    this.manifest = manifest;
    this.grain = grain;
    this.generatedAt = generatedAt;
    this.zone = ZoneId.of(text(manifest == null ? null : manifest.path("configuration"), "reporting-time-zone", "UTC"));
    this.dataThrough = dataThrough();
    Period latest = periodOf(dataThrough);
    Period complete = latest.end().isAfter(lastCompleteDay()) ? periodOf(latest.start().minusDays(1)) : latest;
    LocalDate first = firstDataDate();
    this.inProgress = first != null && complete.end().isBefore(first);
    this.current = inProgress ? latest : complete;
    this.previous = periodOf(current.start().minusDays(1));
  }

  /** The run's as-of time, from the manifest; empty without one. */
  private java.util.Optional<Instant> asOf() {
    String asOf = manifest == null ? null : manifest.path("as_of").asText(null);
    return asOf == null || asOf.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Instant.parse(asOf));
  }

  /** The last day with data: the day before the as-of time (a run as of midnight covers the day before). */
  private LocalDate dataThrough() {
    return asOf().map(a -> a.minusNanos(1000).atZone(zone).toLocalDate())
        .orElseGet(() -> scorecard().stream().map(r -> r.date(Scorecard.PERIOD_END)).filter(Objects::nonNull)
            .max(Comparator.naturalOrder()).orElse(generatedAt.atZone(zone).toLocalDate()));
  }

  /**
   * The last day the run saw whole ({@link Report#lastCompleteDay}), or the last day with data
   * when there is no as-of time.
   */
  private LocalDate lastCompleteDay() {
    return asOf().map(a -> Report.lastCompleteDay(a, zone)).orElse(dataThrough);
  }

  private LocalDate firstDataDate() {
    return scorecard().stream().filter(r -> "day".equals(r.text(Scorecard.PERIOD)))
        .map(r -> r.date(Scorecard.DATE)).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
  }

  Period periodOf(LocalDate d) {
    return switch (grain) {
      case "week" -> {
        LocalDate start = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        yield new Period(grain, start, start.plusDays(6));
      }
      case "quarter" -> {
        LocalDate start = d.with(IsoFields.DAY_OF_QUARTER, 1);
        yield new Period(grain, start, start.plusMonths(3).minusDays(1));
      }
      default -> new Period(grain, d.withDayOfMonth(1), d.with(TemporalAdjusters.lastDayOfMonth()));
    };
  }

  public PageModel build() {
    List<Section> sections = new ArrayList<>();
    sections.add(scorecardSection());
    KpiSections k = new KpiSections(tables, current, previous);
    sections.add(k.carts());
    sections.add(k.pages());
    sections.add(k.returns());
    sections.add(k.service());
    sections.add(k.repeat());
    sections.add(k.surveys());
    sections.add(k.conversion());
    AdvocacySections a = new AdvocacySections(tables, current, previous);
    sections.add(a.social());
    sections.add(a.referrals());
    CustomerSections c = new CustomerSections(tables, current);
    sections.add(c.segments());
    sections.add(c.lifecycle());
    sections.add(QualitySection.of(manifest));
    return new PageModel(header(), sections);
  }

  private PageModel.Header header() {
    String runId = manifest == null ? "–" : manifest.path("run_id").asText("–");
    String status = manifest == null ? "no run manifest" : manifest.path("status").asText("–");
    String asOf = manifest == null ? "–" : manifest.path("as_of").asText("–");
    String output = manifest == null ? "" : manifest.path("output").asText("");
    return new PageModel.Header("Customer experience report", output, runId, status, asOf, Period.day(dataThrough),
        grain, current.label(), previous.label(), inProgress, generatedAt.toString());
  }

  private List<PageRow> scorecard() {
    return tables.apply(KpiTables.SCORECARD);
  }

  private Section scorecardSection() {
    List<PageRow> rows = scorecard().stream().filter(r -> grain.equals(r.text(Scorecard.PERIOD))).toList();
    List<PageRow> now = rows.stream().filter(r -> current.start().equals(r.date(Scorecard.DATE))).toList();
    String lead = "Each headline KPI for " + current.label() + (inProgress ? " (in progress, data through "
        + Period.day(dataThrough) + ")" : "") + " against " + previous.label()
        + ", with its goal where one is configured, and its trend over the last " + TREND_PERIODS + " "
        + grain + "s.";
    if (now.isEmpty()) {
      return new Section("scorecard", "Scorecard", lead, "The scorecard has no rows for " + current.label() + ".",
          List.of(), List.of(), List.of(), List.of());
    }
    List<String> kpis = new ArrayList<>(now.stream().map(r -> r.text(Scorecard.KPI)).distinct().toList());
    List<String> order = new ArrayList<>(KPI_LABELS.keySet());
    kpis.sort(Comparator.comparingInt((String k) -> order.contains(k) ? order.indexOf(k) : order.size())
        .thenComparing(Comparator.naturalOrder()));
    List<Card> cards = new ArrayList<>();
    List<Chart> charts = new ArrayList<>();
    List<List<Cell>> tableRows = new ArrayList<>();
    for (String kpi : kpis) {
      PageRow r = now.stream().filter(x -> kpi.equals(x.text(Scorecard.KPI))).findFirst().orElseThrow();
      Fmt f = Fmt.ofKpi(kpi);
      Double value = r.number(Scorecard.VALUE);
      Double change = r.number(Scorecard.CHANGE);
      Boolean higher = r.flag(Scorecard.HIGHER_IS_BETTER);
      String direction = change == null || change == 0 || higher == null ? "flat"
          : (change > 0) == higher ? "good" : "bad";
      Boolean onTrack = r.flag(Scorecard.ON_TRACK);
      Double target = r.number(Scorecard.TARGET);
      Double baseline = r.number(Scorecard.BASELINE);
      String goal = target == null ? "no goal set" : "target " + f.text(target) + " (baseline " + f.text(baseline) + ")";
      String onTrackText = onTrack == null ? (target == null ? "" : "not judged yet") : onTrack ? "on track" : "off track";
      String ratio = f == Fmt.SECONDS ? "over " + Fmt.COUNT.text(r.number(Scorecard.DENOMINATOR))
          : ratioText(r.number(Scorecard.NUMERATOR), r.number(Scorecard.DENOMINATOR));
      String chartId = "trend-" + kpi;
      Double previousValue = r.number(Scorecard.PREVIOUS_VALUE);
      // Without a value the period before, say so rather than "– vs –".
      String changeText = previousValue == null ? "no value for " + previous.label() : f.change(change);
      String previousText = previousValue == null ? "" : f.text(previousValue);
      cards.add(new Card(kpi, label(kpi), f.text(value), previousText, changeText,
          direction, goal, onTrackText, onTrack == null ? "none" : onTrack ? "good" : "bad", ratio, chartId));
      charts.add(trend(rows, kpi, chartId, f));
      tableRows.add(List.of(Cell.text(label(kpi)), Cell.number(f.text(value), ratio),
          Cell.number(f.text(r.number(Scorecard.PREVIOUS_VALUE))), Cell.number(f.change(change)),
          Cell.number(f.text(baseline)), Cell.number(f.text(target)), Cell.text(onTrackText.isEmpty() ? "–" : onTrackText)));
    }
    DataTable table = new DataTable("scorecard-table", "Scorecard, " + current.label(),
        List.of("KPI", current.shortLabel(), previous.shortLabel(), "Change", "Baseline", "Target", "On track"),
        tableRows, false);
    List<String> notes = List.of("Rates are numerator over denominator for the whole period, as in cx_scorecard; "
        + "NPS and CSAT are on a 0-100 scale, changes of percentages are in percentage points (pp).");
    return new Section("scorecard", "Scorecard", lead, null, cards, charts, List.of(table), notes);
  }

  private Chart trend(List<PageRow> rows, String kpi, String chartId, Fmt f) {
    List<PageRow> history = rows.stream().filter(r -> kpi.equals(r.text(Scorecard.KPI)))
        .filter(r -> r.date(Scorecard.DATE) != null && !r.date(Scorecard.DATE).isAfter(current.start()))
        .sorted(Comparator.comparing(r -> r.date(Scorecard.DATE))).toList();
    history = history.subList(Math.max(0, history.size() - TREND_PERIODS), history.size());
    List<String> labels = history.stream().map(r -> periodOf(r.date(Scorecard.DATE)).shortLabel()).toList();
    Series s = new Series(label(kpi), history.stream().map(r -> r.number(Scorecard.VALUE)).toList(),
        history.stream().map(r -> r.number(Scorecard.NUMERATOR)).toList(),
        history.stream().map(r -> r.number(Scorecard.DENOMINATOR)).toList());
    return new Chart(chartId, "line", label(kpi) + " by " + grain, f.script, labels, List.of(s));
  }

  static String label(String kpi) {
    return KPI_LABELS.getOrDefault(kpi, kpi.replace('_', ' '));
  }

  static String ratioText(Double numerator, Double denominator) {
    if (numerator == null || denominator == null) {
      return "–";
    }
    return trim(numerator) + " / " + trim(denominator);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%,.0f", v)
        : String.format(java.util.Locale.ROOT, "%,.2f", v);
  }

  private static String text(JsonNode node, String field, String fallback) {
    if (node == null || !node.hasNonNull(field)) {
      return fallback;
    }
    return node.get(field).asText(fallback);
  }

  static String channelOf(PageRow r) {
    return r.text(CHANNEL);
  }

  static String touchpointOf(PageRow r) {
    return r.text(TOUCHPOINT);
  }
}
