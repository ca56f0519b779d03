package io.cx.ingest;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code --input}: a file, folder or glob, its format, the position it was given in (earlier
 * inputs win ties when deduplicating), and, for a run by logical date, the date whose landing
 * data it is ({@code loadedDate}, null otherwise).
 */
public record InputSpec(int index, String path, InputFormat format, java.time.LocalDate loadedDate) {
  public InputSpec {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
  }

  public InputSpec(int index, String path, InputFormat format) {
    this(index, path, format, null);
  }

  public InputSpec withLoadedDate(int newIndex, java.time.LocalDate date) {
    return new InputSpec(newIndex, path, format, date);
  }

  /** The file formats ingest reads; gzip is recognised by Spark from the {@code .gz} suffix. */
  public enum InputFormat {
    JSONL,
    CSV,
    PARQUET;

    public static InputFormat parse(String name) {
      return switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "jsonl", "json", "ndjson" -> JSONL;
        case "csv" -> CSV;
        case "parquet" -> PARQUET;
        default -> throw new IllegalArgumentException(
            "unknown input format '" + name + "' (expected jsonl, csv or parquet)");
      };
    }

    /** The format a file name implies, ignoring a trailing compression suffix. */
    public static Optional<InputFormat> fromFileName(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      for (String compression : new String[] {".gz", ".gzip", ".bz2", ".deflate", ".snappy", ".zst", ".lz4"}) {
        if (n.endsWith(compression)) {
          n = n.substring(0, n.length() - compression.length());
          break;
        }
      }
      if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
        return Optional.of(JSONL);
      }
      if (n.endsWith(".csv")) {
        return Optional.of(CSV);
      }
      if (n.endsWith(".parquet")) {
        return Optional.of(PARQUET);
      }
      return Optional.empty();
    }
  }
}
