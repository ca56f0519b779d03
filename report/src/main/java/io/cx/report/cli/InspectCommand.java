package io.cx.report.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cx.ingest.InputException;
import io.cx.report.publish.Footers;
import io.cx.report.publish.Inventory;
import io.cx.report.publish.ParquetSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"List the published tables of an output: partitions, rows, files, bytes and columns, read from the "
        + "Parquet footers (no Spark, no data read).",
        "Also says which run last completed (_SUCCESS) and whether a publish is unfinished."})
final class InspectCommand implements Callable<Integer> {
  @Mixin OutputTables target;

  @Option(names = "--partitions", description = "List every partition with its rows, files and bytes.")
  boolean partitions;

  @Option(names = "--json", description = "Print the inventory as JSON instead.")
  boolean json;

  @Override
  public Integer call() {
    Path root = new Path(target.output);
    Inventory inv;
    try {
      inv = Inventory.of(Footers.existingOutput(root, Footers.readerConfiguration()), root, target::wanted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (target.only != null) {
      List<String> unknown = target.only.stream().filter(t -> inv.tables().stream().noneMatch(x -> x.name().equals(t))).toList();
      if (!unknown.isEmpty()) {
        throw new InputException("no table " + String.join(", ", unknown) + " under " + target.output);
      }
    }
    List<Inventory.Table> tables = inv.tables();
    System.out.print(json ? json(inv) : text(inv, tables));
    long damaged = tables.stream().mapToLong(t -> t.damagedFiles().size()).sum();
    if (damaged > 0 && !json) {
      System.err.println("cx: " + damaged + " damaged file(s) (listed above, not counted); `cx verify " + target.output
          + "` checks every file's data too and says how to rebuild");
    }
    return 0;
  }

  private String text(Inventory inv, List<Inventory.Table> tables) {
    StringBuilder sb = new StringBuilder();
    sb.append("output ").append(inv.output()).append('\n');
    sb.append("last completed run (_SUCCESS): ").append(inv.succeededRun() == null ? "none" : inv.succeededRun()).append('\n');
    inv.unfinishedPublishes().forEach(r -> sb.append("warning: run ").append(r)
        .append(" stopped while publishing; the next run completes its publish\n"));
    inv.stagingRuns().forEach(r -> sb.append("note: run ").append(r)
        .append(" is staging (running, or stopped before publishing: the next run drops it)\n"));
    sb.append(String.format(Locale.ROOT, "%n%-38s %-8s %5s  %-10s %-10s %14s %6s %10s%n", "table", "by", "parts",
        "first", "last", "rows", "files", "size"));
    for (Inventory.Table t : tables) {
      List<Inventory.Partition> p = t.partitions();
      sb.append(String.format(Locale.ROOT, "%-38s %-8s %5d  %-10s %-10s %,14d %6d %10s%n", t.name(), t.partitionColumn(),
          p.size(), p.isEmpty() ? "-" : p.get(0).value(), p.isEmpty() ? "-" : p.get(p.size() - 1).value(), t.rows(),
          t.files(), size(t.bytes())));
    }
    for (Inventory.Table t : tables) {
      sb.append('\n').append(t.name()).append(" (").append(t.partitionColumn()).append(" partitions)\n");
      for (ParquetSchemas.Column c : t.columns()) {
        sb.append(String.format(Locale.ROOT, "  %-32s %s%n", c.name(), c.type()));
      }
      t.schemaProblems().forEach(s -> sb.append("  warning: schema differs in ").append(s).append('\n'));
      t.damagedFiles().forEach(s -> sb.append("  damaged: ").append(s).append('\n'));
      if (partitions) {
        for (Inventory.Partition p : t.partitions()) {
          sb.append(String.format(Locale.ROOT, "  %s=%-12s %,14d rows %6d files %10s%n", t.partitionColumn(),
              p.value(), p.rows(), p.files(), size(p.bytes())));
        }
      }
    }
    return sb.toString();
  }

  private String json(Inventory inv) {
    ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT);
    try {
      return mapper.writeValueAsString(inv) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
