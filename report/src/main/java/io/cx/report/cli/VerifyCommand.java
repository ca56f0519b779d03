package io.cx.report.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cx.ingest.InputException;
import io.cx.report.ExitCodes;
import io.cx.report.publish.Footers;
import io.cx.report.publish.ManifestFiles;
import io.cx.report.publish.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Read every published file of an output whole (footer and every page, checksums where the file "
        + "system keeps them) and list the damaged ones, by table and partition, with the command that rebuilds them.",
        "Exit code 0 when every file reads, 2 when some are damaged. No Spark."})
final class VerifyCommand implements Callable<Integer> {
  @Mixin OutputTables target;

  @Override
  public Integer call() {
    Path root = new Path(target.output);
    Verification.Result result;
    FileSystem fs;
    try {
      fs = root.getFileSystem(new Configuration());
      if (!fs.exists(root)) {
        throw new InputException("output " + target.output + " does not exist");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    result = Verification.of(fs, root, target::wanted);
    List<Footers.Damaged> damaged = result.damaged();
    System.out.printf(Locale.ROOT, "verified %d tables, %,d files, %s under %s: %s%n", result.tables().size(),
        result.files(), InspectCommand.size(result.bytes()), target.output,
        damaged.isEmpty() ? "every file reads" : damaged.size() + " damaged");
    if (damaged.isEmpty()) {
      return ExitCodes.OK;
    }
    Set<String> partitions = new TreeSet<>();
    for (Verification.TableResult t : result.tables()) {
      for (Footers.Damaged d : t.damaged()) {
        System.out.printf(Locale.ROOT, "  %s %s: %s: %s%n", t.name(), d.partition(), d.path().getName(), d.error());
        partitions.add(t.name() + "/" + d.partition());
      }
    }
    System.out.println("damaged partitions: " + String.join(", ", partitions));
    System.out.println("rebuild them with a full refresh, which reads only the inputs, never the published tables:");
    System.out.println("  " + rebuildCommand(fs, root));
    return ExitCodes.USAGE;
  }

  /** The full refresh that rebuilds the output, from the inputs of its latest manifest where it has them. */
  static String rebuildCommand(FileSystem fs, Path root) {
    String generic = "cx run --full-refresh --input '<landing>/dt={date}/' --output " + root
        + "   (or, for plain runs: cx run --input <inputs> --output " + root + ")";
    JsonNode m;
    try (InputStream in = fs.open(new Path(root, ManifestFiles.DIR + "/" + ManifestFiles.LATEST))) {
      m = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      return generic;
    }
    String mode = m.at("/scope/mode").asText("");
    Set<String> inputs = new LinkedHashSet<>();
    Set<String> dates = new TreeSet<>();
    m.at("/scope/loaded_dates").forEach(d -> dates.add(d.asText()));
    for (JsonNode i : m.path("inputs")) {
      String path = i.path("input").asText();
      for (String d : dates) {
        path = path.replace(d, "{date}");
      }
      inputs.add(path);
    }
    if (inputs.isEmpty()) {
      return generic;
    }
    StringBuilder cmd = new StringBuilder("cx run");
    if (!mode.equals("plain")) {
      cmd.append(" --full-refresh");
    } else if (!m.path("as_of").asText("").isEmpty()) {
      cmd.append(" --as-of ").append(m.path("as_of").asText());
    }
    inputs.forEach(i -> cmd.append(" --input '").append(i).append('\''));
    return cmd.append(" --output ").append(root).append("   (add the --mapping, --config and --set options of the "
        + "original runs)").toString();
  }
}
