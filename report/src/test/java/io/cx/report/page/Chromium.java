package io.cx.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket on loopback, opened by the
 * test and closed by it): load a page with the network off, read what the page did (console
 * errors, exceptions, requests, dialogs), evaluate script, take a full-page screenshot.
 */
final class Chromium implements AutoCloseable {
  static final String EXECUTABLE = System.getenv().getOrDefault("CX_CHROMIUM", "/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  /** Every event the page sent: method and params. */
  final List<JsonNode> events = new CopyOnWriteArrayList<>();

  Chromium() throws Exception {
    if (!Files.isExecutable(Path.of(EXECUTABLE))) {
      throw new IllegalStateException(EXECUTABLE + " not found: install Debian's chromium package "
          + "(.ci/run does), or point CX_CHROMIUM at a Chromium");
    }
    profile = Files.createTempDirectory("cx-chromium");
    process = new ProcessBuilder(EXECUTABLE, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--window-size=1400,1000", "--hide-scrollbars", "about:blank")
        .redirectErrorStream(true).start();
    String endpoint = awaitEndpoint();
    int port = Integer.parseInt(endpoint.replaceAll("^ws://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
    HttpClient http = HttpClient.newHttpClient();
    String pageSocket = null;
    for (int attempt = 0; attempt < 50 && pageSocket == null; attempt++) {
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode t : JSON.readTree(list.body())) {
        if ("page".equals(t.path("type").asText())) {
          pageSocket = t.path("webSocketDebuggerUrl").asText();
        }
      }
      if (pageSocket == null) {
        Thread.sleep(100);
      }
    }
    if (pageSocket == null) {
      throw new IllegalStateException("Chromium opened no page");
    }
    socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(pageSocket), new Listener()).get(20, TimeUnit.SECONDS);
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      send(domain + ".enable", JSON.createObjectNode());
    }
    ObjectNode offline = JSON.createObjectNode().put("offline", true).put("latency", 0)
        .put("downloadThroughput", -1).put("uploadThroughput", -1);
    send("Network.emulateNetworkConditions", offline);
  }

  private String awaitEndpoint() throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        // Keep draining Chromium's output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IllegalStateException("Chromium did not start its DevTools endpoint:\n" + seen);
  }

  /** Sends a command and waits for its result. */
  JsonNode send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    try {
      socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
      JsonNode r = result.get(60, TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IllegalStateException(method + ": " + r.get("error"));
      }
      return r.path("result");
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
    }
  }

  /** Opens {@code url} and waits for its load event. */
  void open(String url) throws InterruptedException {
    events.clear();
    send("Page.navigate", JSON.createObjectNode().put("url", url));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (events.stream().noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the page did not load: " + url);
      }
      Thread.sleep(50);
    }
  }

  /** The value of a script expression (JSON-able). */
  JsonNode eval(String expression) {
    JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Console errors, uncaught exceptions and error log entries the page produced. */
  List<String> errors() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      String method = e.path("method").asText();
      JsonNode p = e.path("params");
      if (method.equals("Runtime.consoleAPICalled") && List.of("error", "assert").contains(p.path("type").asText())) {
        out.add("console." + p.path("type").asText() + ": " + p.path("args"));
      } else if (method.equals("Runtime.exceptionThrown")) {
        out.add("exception: " + p.path("exceptionDetails"));
      } else if (method.equals("Log.entryAdded") && "error".equals(p.path("entry").path("level").asText())) {
        out.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
      }
    }
    return out;
  }

  /** Every request the page made, but for the page file itself and data: URLs. */
  List<String> requests(String pageUrl) {
    return events.stream().filter(e -> "Network.requestWillBeSent".equals(e.path("method").asText()))
        .map(e -> e.path("params").path("request").path("url").asText())
        .filter(u -> !u.equals(pageUrl) && !u.startsWith("data:")).toList();
  }

  /** Dialogs (alert, confirm) the page opened: a script that should not have run. */
  List<String> dialogs() {
    return events.stream().filter(e -> "Page.javascriptDialogOpening".equals(e.path("method").asText()))
        .map(e -> e.path("params").path("message").asText()).toList();
  }

  /** A PNG of the whole page, not only the window. */
  void screenshot(Path file) throws IOException {
    JsonNode size = send("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
    ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("width", size.path("width").asDouble())
        .put("height", size.path("height").asDouble()).put("scale", 1);
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    params.set("clip", clip);
    String data = send("Page.captureScreenshot", params).path("data").asText();
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Chromium is stopped below either way.
    }
    // Chromium's helper processes (renderer, GPU, crash handler) go too, and are waited for: they
    // write into the profile folder until they exit.
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    try {
      for (ProcessHandle h : all) {
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
          h.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteProfile();
  }

  /** Removes the temporary profile; a file that vanished meanwhile is fine, and a second pass takes what a late writer left. */
  private void deleteProfile() {
    for (int attempt = 0; attempt < 3 && Files.exists(profile); attempt++) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // A file removed while walking: walk again.
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(partial.toString());
          if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
              f.complete(msg);
            }
          } else {
            events.add(msg);
            if ("Page.javascriptDialogOpening".equals(msg.path("method").asText())) {
              // Close it from another thread: the page waits for an answer, and so would this listener.
              CompletableFuture.runAsync(() -> send("Page.handleJavaScriptDialog",
                  JSON.createObjectNode().put("accept", true)));
            }
          }
        } catch (IOException e) {
          events.add(JSON.createObjectNode().put("method", "cx.unreadable").put("text", e.getMessage()));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
