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

  /**
   * The real path: symbolic links resolved for the part that exists, so that a link to the input
   * folder is seen to be the input folder.
   */
  static Path normalize(String p) {
    String local = p.replaceFirst("^file:(//)?", "");
    Path path = Path.of(local).toAbsolutePath().normalize();
    Path existing = path;
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (java.io.IOException e) {
      return path;
    }
  }
}
