package io.cx.report.cli;

import io.cx.report.config.CxConfig;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** --config and --set, shared by the commands that run the pipeline. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file (see reference.conf for every key).")
  File configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set ingest.max-rejected-share=0.1 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  CxConfig load() {
    return load(Map.of());
  }

  /** The configuration with {@code more} overrides on top of --set (options that are settings). */
  CxConfig load(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(more);
    return CxConfig.load(Optional.ofNullable(configFile), all);
  }
}
