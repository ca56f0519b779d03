package io.cx.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cx.report.Duck;
import io.cx.report.SampleOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report page of a sample run, opened in headless Chromium with the network off: it draws
 * every chart, shows the numbers of the Parquet tables, raises no error, loads nothing, and shows
 * a hostile touchpoint name as text. Leaves a full-page screenshot and an A4 PDF under target/.
 */
class ReportPageIT {
  static final String HOSTILE = SampleOutput.HOSTILE;

  static Path out;
  static String url;
  static Chromium browser;

  @BeforeAll
  static void open() throws Exception {
    // A developer's machine may have no Chromium (the README's commands need only Java and Maven); CI has one.
    Assumptions.assumeTrue(Files.isExecutable(Path.of(Chromium.EXECUTABLE)) || "1".equals(System.getenv("CX_REQUIRE_BROWSER")),
        "no Chromium at " + Chromium.EXECUTABLE + ": the report page test is skipped (.ci/run installs it)");
    out = SampleOutput.get();
    Path page = out.resolve("_report/index.html");
    assertThat(page).exists();
    url = page.toUri().toString();
    browser = new Chromium();
    browser.open(url);
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void noErrorsNoRequestsNoDialogs() {
    assertThat(browser.errors()).isEmpty();
    assertThat(browser.requests(url)).isEmpty();
    assertThat(browser.dialogs()).isEmpty();
  }

  @Test
  void everyChartIsDrawnWithASize() {
    JsonNode canvases = browser.eval("""
        Array.from(document.querySelectorAll('canvas')).map(c => {
          const r = c.getBoundingClientRect();
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let ink = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) ink++;
          return {id: c.id, width: r.width, height: r.height, ink: ink};
        })""");
    assertThat(canvases.size()).isGreaterThan(20);
    assertThat(browser.eval("window.cxChartsDrawn").asInt()).isEqualTo(canvases.size());
    for (JsonNode c : canvases) {
      assertThat(c.path("width").asDouble()).as(c.path("id").asText()).isGreaterThan(50);
      assertThat(c.path("height").asDouble()).as(c.path("id").asText()).isGreaterThan(30);
      assertThat(c.path("ink").asInt()).as(c.path("id").asText() + " has pixels drawn").isGreaterThan(100);
    }
  }

  @Test
  void headlineNumbersAreTheParquetNumbers() {
    Map<String, String> expected = new HashMap<>();
    for (List<Object> row : Duck.query("SELECT kpi, value FROM " + Duck.table(out, "cx_scorecard")
        + " WHERE period = 'month' AND date = DATE '2026-02-01'")) {
      String kpi = (String) row.get(0);
      expected.put(kpi, Fmt.ofKpi(kpi).text(row.get(1) == null ? null : ((Number) row.get(1)).doubleValue()));
    }
    assertThat(expected).hasSizeGreaterThan(10);
    Map<String, String> shown = new HashMap<>();
    browser.eval("Array.from(document.querySelectorAll('.card')).map(c => [c.dataset.kpi, "
        + "c.querySelector('.value').textContent])").forEach(p -> shown.put(p.get(0).asText(), p.get(1).asText()));
    assertThat(shown).isEqualTo(expected);

    List<Object> cart = Duck.query("SELECT sum(abandoned_cart_sessions) / sum(cart_sessions) FROM "
        + Duck.table(out, "kpi_cart_abandonment") + " WHERE date BETWEEN DATE '2026-02-01' AND DATE '2026-02-28'").get(0);
    String allChannels = browser.eval("""
        Array.from(document.querySelectorAll('#carts-table tbody tr'))
          .find(r => r.querySelector('th').textContent === 'All channels')
          .querySelectorAll('td')[4].firstChild.textContent""").asText();
    assertThat(allChannels).isEqualTo(Fmt.PERCENT.text(((Number) cart.get(0)).doubleValue()));
  }

  @Test
  void aHostileNameIsShownAsText() {
    assertThat(browser.eval("document.body.innerText.includes(" + quote(HOSTILE) + ")").asBoolean()).isTrue();
    assertThat(browser.eval("document.querySelectorAll('img').length").asInt()).isZero();
    assertThat(browser.dialogs()).isEmpty();
  }

  @Test
  void screenshotAndPdfForPeople() throws Exception {
    Path png = Path.of("target", "report-page.png");
    browser.screenshot(png);
    assertThat(Files.size(png)).isGreaterThan(50_000);
    JsonNode pdf = browser.send("Page.printToPDF", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("paperWidth", 8.27).put("paperHeight", 11.69).put("printBackground", true));
    byte[] bytes = java.util.Base64.getDecoder().decode(pdf.path("data").asText());
    Files.write(Path.of("target", "report-page.pdf"), bytes);
    assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
