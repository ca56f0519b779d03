package io.cx.report;

import io.cx.ingest.InputException;
import java.nio.file.Path;
import java.util.List;

/** Refuses an output root that overlaps an input: publishing would replace or re-read its own data. */
final class OutputGuard {
  private OutputGuard() {}

  static void checkNoOverlap(String output, List<String> inputs) {
    Path out = normalize(output);
    for (String in : inputs) {
      Path input = normalize(stripGlob(in));
      if (input.startsWith(out) || out.startsWith(input)) {
        throw new InputException("output '" + output + "' overlaps input '" + in + "'; write the output elsewhere");
      }
    }
  }

  private static String stripGlob(String path) {
    int glob = indexOfGlob(path);
    if (glob < 0) {
      return path;
    }
    int slash = path.lastIndexOf('/', glob);
    return slash <= 0 ? "." : path.substring(0, slash);
  }

  private static int indexOfGlob(String path) {
    for (int i = 0; i < path.length(); i++) {
      if ("*?[{".indexOf(path.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static Path normalize(String p) {
    String local = p.startsWith("file:") ? p.substring("file:".length()) : p;
    return Path.of(local).toAbsolutePath().normalize();
  }
}
