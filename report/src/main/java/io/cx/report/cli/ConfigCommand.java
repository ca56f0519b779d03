package io.cx.report.cli;

import io.cx.report.config.CxConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show the effective configuration: the defaults, then --config, then --set, with the defaults' comments.")
final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--show", required = true, description = "Print the effective configuration (HOCON).")
  boolean show;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    System.out.println(CxConfig.render(Optional.ofNullable(config.configFile), config.overrides));
    System.out.print(io.cx.report.Finality.comments(
        CxConfig.load(Optional.ofNullable(config.configFile), config.overrides).windows()));
    return 0;
  }
}
