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

  private static InputFormat formatOf(String path, List<String> files) {
    return InputFormat.fromFileName(path)
        .or(() -> files.stream().map(InputFormat::fromFileName).flatMap(Optional::stream).findFirst())
        .orElseThrow(
            () -> new InputException(
                "cannot tell the format of input '" + path
                    + "' from its file names; give --format jsonl, csv or parquet"));
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
