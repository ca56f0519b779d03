package io.cx.report.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Renders a {@link PageModel} as one self-contained HTML file: markup from a Pebble template
 * (every text HTML-escaped), the stylesheet, Chart.js and the page's script inlined, the charts'
 * numbers as a JSON block. The page makes no network request: its Content-Security-Policy allows
 * no source at all, and only the two inline scripts by their hashes.
 */
public final class ReportPage {
  private static final String BASE = "io/cx/report/page/";
  private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private ReportPage() {}

  /** The page's HTML. */
  public static String html(PageModel model) {
    String chartJs = chartJs();
    String pageJs = resource(BASE + "report.js");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("header", model.header());
    context.put("sections", model.sections());
    context.put("css", resource(BASE + "report.css"));
    context.put("chartJs", chartJs);
    context.put("pageJs", pageJs);
    context.put("chartsJson", chartsJson(model));
    context.put("scriptHashes", hash(chartJs) + " " + hash(pageJs));
    StringWriter out = new StringWriter();
    try {
      template().evaluate(out, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static PebbleTemplate template() {
    PebbleEngine engine = new PebbleEngine.Builder()
        .loader(new ClasspathLoader(ReportPage.class.getClassLoader()))
        .strictVariables(true)
        .autoEscaping(true)
        .cacheActive(false)
        .build();
    return engine.getTemplate(BASE + "report.peb");
  }

  /**
   * Every chart of the page as JSON, safe inside a script element: {@code <}, {@code >} and
   * {@code &} (which JSON allows only inside strings) become unicode escapes, so a channel named
   * {@code </script>} cannot end the block.
   */
  static String chartsJson(PageModel model) {
    List<PageModel.Chart> charts = model.sections().stream().flatMap(s -> s.charts().stream()).toList();
    try {
      return new ObjectMapper().writeValueAsString(charts).replace("<", "\\u003c").replace(">", "\\u003e")
          .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Chart.js as the WebJar on the class path ships it. */
  static String chartJs() {
    Properties p = new Properties();
    try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(CHART_JS_POM)) {
      if (in == null) {
        throw new IllegalStateException("Chart.js (org.webjars.npm:chart.js) is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource("META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.js");
  }

  static String resource(String name) {
    try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Content-Security-Policy source for an inline script. */
  static String hash(String script) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
