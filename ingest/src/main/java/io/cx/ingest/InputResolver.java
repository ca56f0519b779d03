package io.cx.ingest;

import io.cx.ingest.InputSpec.InputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Turns {@code --input} arguments into {@link InputSpec}s: checks that each matches at least one
 * data file, and takes the format from {@code --format} or else from the file names.
 */
public final class InputResolver {
  private InputResolver() {}

  public static List<InputSpec> resolve(
      List<String> paths, Optional<InputFormat> format, Configuration hadoopConf) {
    if (paths.isEmpty()) {
      throw new InputException("no --input given");
    }
    List<InputSpec> specs = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String path = paths.get(i);
      List<String> files = dataFiles(path, hadoopConf);
      if (files.isEmpty()) {
        throw new InputException("input '" + path + "' matches no data files");
      }
      InputFormat f = format.orElseGet(() -> formatOf(path, files));
      specs.add(new InputSpec(i, path, f));
    }
    return specs;
  }

  /**
   * The one format of an input's files, from their names. A folder whose files are of several
   * formats, or some of no format cx knows, is refused with their names: read as one format, the
   * others' rows would all be rejected as malformed.
   */
  static InputFormat formatOf(String path, List<String> files) {
    Optional<InputFormat> named = InputFormat.fromFileName(path);
    if (named.isPresent()) {
      return named.get();
    }
    java.util.Map<String, List<String>> byFormat = new java.util.TreeMap<>();
    for (String f : files) {
      String format = InputFormat.fromFileName(f).map(x -> x.name().toLowerCase(java.util.Locale.ROOT))
          .orElse("unknown");
      byFormat.computeIfAbsent(format, k -> new ArrayList<>()).add(f);
    }
    if (byFormat.size() == 1 && !byFormat.containsKey("unknown")) {
      return InputFormat.parse(byFormat.keySet().iterator().next());
    }
    if (byFormat.keySet().equals(java.util.Set.of("unknown"))) {
      throw new InputException("cannot tell the format of input '" + path + "' from its file names ("
          + examples(byFormat.get("unknown")) + "); give --format jsonl, csv or parquet");
    }
    StringBuilder kinds = new StringBuilder();
    byFormat.forEach((format, names) -> kinds.append(kinds.length() == 0 ? "" : "; ").append(names.size())
        .append(format.equals("unknown") ? " of no known format" : " " + format).append(" (")
        .append(examples(names)).append(')'));
    throw new InputException("input '" + path + "' holds files of more than one kind: " + kinds
        + "; give each format its own --input (e.g. '" + path.replaceAll("/+$", "") + "/*.csv'), "
        + "or --format to read them all as one");
  }

  private static String examples(List<String> names) {
    return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + ", ...";
  }

  /** Full paths of the data files under a path or glob, leaving out hidden and marker files as Spark does. */
  static List<String> dataFilePaths(String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      List<String> files = new ArrayList<>();
      for (FileStatus m : matches == null ? new FileStatus[0] : matches) {
        if (m.isFile()) {
          files.add(m.getPath().toString());
          continue;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
        while (it.hasNext()) {
          Path f = it.next().getPath();
          if (!f.getName().startsWith("_") && !f.getName().startsWith(".")) {
            files.add(f.toString());
          }
        }
      }
      java.util.Collections.sort(files);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input '" + path + "': " + e.getMessage(), e);
    }
  }

  /** Names of the data files under a path or glob, to tell the format. */
  static List<String> dataFiles(String path, Configuration conf) {
    return dataFilePaths(path, conf).stream().map(p -> new Path(p).getName()).toList();
  }
}
