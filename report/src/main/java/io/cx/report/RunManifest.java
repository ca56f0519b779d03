package io.cx.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cx.ingest.InputCounts;
import io.cx.report.publish.TableStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one run did, written as JSON to {@code _manifests/<run_id>.json} under the output root and
 * copied to {@code _manifests/latest.json} (the newest run, whatever its status).
 * {@code recoveredPublishes} names earlier runs that were stopped while publishing and whose
 * publish this run completed before starting its own. A failed run has {@code status} {@code
 * failed}, its exit code, the one-line error in {@code message} and the stage it failed in
 * ({@code failedStage}, null when it did not fail).
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
    List<String> recoveredPublishes,
    RunScope scope,
    List<InputCounts> inputs,
    InputCounts total,
    List<io.cx.ingest.LookupSources.Lookup> lookupSources,
    List<Linkage> orderLinkage,
    List<Headline> headline,
    Map<String, TableStats> tables,
    Map<String, Double> stageSeconds,
    JsonNode configuration,
    String failedStage) {

  /**
   * What a run covered: its mode ({@code plain}, {@code dates}, {@code full_refresh}), the logical
   * dates asked for and those whose input it loaded, and (for a run by date) per table the
   * partition values it added, replaced or removed because their content changed. {@code horizons}:
   * per table its restatement horizon in days, the formula, and for a run by date the first date
   * whose partition it may rewrite (every earlier one is final).
   */
  public record RunScope(String mode, String from, String to, List<String> loadedDates,
      Map<String, List<String>> restatedPartitions, Map<String, Finality.TableHorizon> horizons) {}

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
    return io.cx.report.publish.ManifestFiles.write(fs, outputRoot, runId, toJson());
  }

  static JsonNode parseConfig(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
