package io.cx.report;

import io.cx.ingest.InputCounts;
import io.cx.ingest.LookupSources;
import io.cx.report.failure.Redact;
import io.cx.report.publish.TableStats;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run has found so far, as an immutable value: each step returns a new one. The run's
 * manifest is a function of it ({@link #manifest}).
 *
 * @param configJson the run's effective configuration
 * @param inputs the counts per input, empty until ingest is done
 * @param restated per table, the partition values a run by date adds, replaces or removes
 */
record RunFacts(Scope scope, Finality finality, String configJson, String runId, Instant started, List<String> recovered, Instant asOf,
    List<String> loadedDates, List<InputCounts> inputs, List<LookupSources.Lookup> lookups, List<Linkage> linkage,
    List<Headline> headline, Map<String, List<String>> restated) {

  RunFacts {
    recovered = List.copyOf(recovered);
    loadedDates = List.copyOf(loadedDates);
    inputs = List.copyOf(inputs);
    lookups = List.copyOf(lookups);
    linkage = List.copyOf(linkage);
    headline = List.copyOf(headline);
    restated = Map.copyOf(restated);
  }

  /** A run that has just started: nothing found yet. */
  static RunFacts start(Scope scope, Finality finality, String configJson, String runId) {
    return new RunFacts(scope, finality, configJson, runId, Instant.now(), List.of(), null, List.of(), List.of(), List.of(), List.of(),
        List.of(), Map.of());
  }

  /** After recovery: the publishes it completed, the run's as-of time, and the dates whose input it loads. */
  RunFacts scoped(List<String> recovered, Instant asOf, List<String> loadedDates) {
    return new RunFacts(scope, finality, configJson, runId, started, recovered, asOf, loadedDates, inputs, lookups, linkage, headline,
        restated);
  }

  /** After ingest: the counts per input (credentials masked) and the lookup sources. */
  RunFacts ingested(List<InputCounts> counts, List<LookupSources.Lookup> lookups) {
    List<InputCounts> masked = counts.stream().map(c -> c.named(Redact.secrets(c.input()))).toList();
    return new RunFacts(scope, finality, configJson, runId, started, recovered, asOf, loadedDates, masked, lookups, linkage, headline,
        restated);
  }

  /** After the tables are built: how events linked to orders, and the scorecard's headline. */
  RunFacts built(List<Linkage> linkage, List<Headline> headline) {
    return new RunFacts(scope, finality, configJson, runId, started, recovered, asOf, loadedDates, inputs, lookups, linkage, headline,
        restated);
  }

  /** After comparing with the published output: the partitions the publish changes. */
  RunFacts restating(Map<String, List<String>> restated) {
    return new RunFacts(scope, finality, configJson, runId, started, recovered, asOf, loadedDates, inputs, lookups, linkage, headline,
        restated);
  }

  /**
   * The manifest of the run with these facts: {@code tables} are the published tables (empty for
   * a run that did not publish), {@code failedStage} the step a failed run stopped in (else null).
   */
  RunManifest manifest(String status, int exitCode, String message, String output, Map<String, TableStats> tables,
      Map<String, Double> seconds, String failedStage) {
    RunManifest.RunScope runScope = new RunManifest.RunScope(scope.mode().name().toLowerCase(Locale.ROOT),
        scope.from() == null ? null : scope.from().toString(), scope.to() == null ? null : scope.to().toString(),
        loadedDates, restated, finality.describe());
    return new RunManifest(runId, "run", status, exitCode, message, asOf == null ? null : asOf.toString(),
        started.toString(), Instant.now().toString(), Redact.secrets(output), recovered, runScope, inputs,
        InputCounts.total("total", inputs), lookups, linkage, headline, Map.copyOf(tables), seconds,
        RunManifest.parseConfig(Redact.secrets(configJson)), failedStage);
  }
}
