package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.report.publish.OutputRoot;
import io.cx.report.sample.SampleAttributes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The working folder of {@code cx demo}. Each demo replaces {@code input/}, {@code output/} and
 * {@code customer_attributes.csv} under it, so it does that only where they are its own: the folder
 * carries the demo's mark, or (a folder an earlier demo wrote before the mark existed) they look
 * exactly like what the demo writes. Anything else stops the demo before it writes a byte.
 */
final class DemoFolder {
  private DemoFolder() {}

  static final String MARKER = ".cx-demo";
  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String ATTRIBUTES = "customer_attributes.csv";

  /** The files the sample generator leaves in its folder: Spark's part files, success flag, checksums. */
  private static final Pattern GENERATED = Pattern.compile("\\.?(_SUCCESS|part-\\d{5}[-\\w.]*\\.jsonl(\\.gz)?)(\\.crc)?");

  /** Refuses (exit code 2) a folder whose input or attributes file the demo would replace and did not write. */
  static void check(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new InputException("--dir: " + dir + " is a file, not a folder");
    }
    if (Files.exists(dir.resolve(MARKER))) {
      return;
    }
    Path input = dir.resolve(INPUT);
    if (Files.exists(input) && !looksGenerated(input)) {
      throw refuse(dir, input);
    }
    Path output = dir.resolve(OUTPUT);
    if (!OutputRoot.claimable(localFiles(), new org.apache.hadoop.fs.Path(output.toAbsolutePath().toUri()))) {
      throw new InputException("--dir: " + output + " was not written by cx, and the demo publishes into it; "
          + "choose another --dir than " + dir + ", or remove it");
    }
    Path attributes = dir.resolve(ATTRIBUTES);
    if (Files.exists(attributes) && !SampleAttributes.HEADER.equals(firstLine(attributes))) {
      throw refuse(dir, attributes);
    }
  }

  /** Marks the folder as the demo's, creating it if needed. */
  static void mark(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MARKER), "a working folder of cx demo: its " + INPUT + "/, " + OUTPUT + "/ and "
          + ATTRIBUTES + " are replaced by the next demo\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileSystem localFiles() {
    try {
      return FileSystem.getLocal(new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputException refuse(Path dir, Path what) {
    return new InputException("--dir: " + what + " was not written by cx demo, and the demo would replace it; "
        + "choose another --dir than " + dir + ", or remove it");
  }

  private static boolean looksGenerated(Path input) {
    if (!Files.isDirectory(input)) {
      return false;
    }
    try (Stream<Path> files = Files.list(input)) {
      return files.allMatch(f -> Files.isRegularFile(f) && GENERATED.matcher(f.getFileName().toString()).matches());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return r.readLine();
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }
}
