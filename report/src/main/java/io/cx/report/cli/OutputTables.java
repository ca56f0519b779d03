package io.cx.report.cli;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The published output a command reads, and optionally some of its tables (inspect, verify). */
final class OutputTables {
  @Parameters(index = "0", paramLabel = "OUTPUT", description = "The output root a run wrote (--output).")
  String output;

  @Option(names = "--table", paramLabel = "NAME", description = "Only this table (repeatable).")
  List<String> only;

  boolean wanted(String table) {
    return only == null || only.contains(table);
  }
}
