package io.cx.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cx.ingest.InputCounts;
import io.cx.report.publish.TableStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one run did, written as JSON to {@code _manifests/<run_id>.json} under the output root and
 * copied to {@code _manifests/latest.json} (the newest run, whatever its status).
 */
public record RunManifest(
    String runId,
    String command,
    String status,
    int exitCode,
    String message,
    String asOf,
    String startedAt,
    String finishedAt,
    String output,
    List<InputCounts> inputs,
    InputCounts total,
    List<io.cx.ingest.LookupSources.Lookup> lookupSources,
    List<Linkage> orderLinkage,
    List<Headline> headline,
    Map<String, TableStats> tables,
    Map<String, Double> stageSeconds,
    JsonNode configuration) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED_QUALITY_GATE = "failed_quality_gate";
  public static final String FAILED = "failed";

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the manifest; returns its path. */
  public Path write(FileSystem fs, Path outputRoot) {
    Path dir = new Path(outputRoot, "_manifests");
    Path file = new Path(dir, runId + ".json");
    byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
    try {
      fs.mkdirs(dir);
      for (Path p : List.of(file, new Path(dir, "latest.json"))) {
        Path tmp = new Path(dir, "." + p.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
          out.write(bytes);
        }
        fs.delete(p, false);
        if (!fs.rename(tmp, p)) {
          throw new IOException("could not write " + p);
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run manifest " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode parseConfig(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
