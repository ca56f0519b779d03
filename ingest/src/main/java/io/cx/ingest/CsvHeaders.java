package io.cx.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Reads the header line of every CSV file of an input, so that files whose columns come in
 * another order (or are other columns) are read by name instead of by position.
 */
final class CsvHeaders {
  private CsvHeaders() {}

  /** Files grouped by their header, in the order first seen; files without a header line are left out. */
  static Map<List<String>, List<String>> group(List<String> files, Configuration conf) {
    Map<List<String>, List<String>> groups = new LinkedHashMap<>();
    for (String file : files) {
      String line = firstLine(new Path(file), conf);
      if (line != null && !line.isBlank()) {
        groups.computeIfAbsent(split(line), h -> new ArrayList<>()).add(file);
      }
    }
    return groups;
  }

  static String firstLine(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = r.readLine();
        return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + path + ": " + e.getMessage(), e);
    }
  }

  /** Splits one CSV line (RFC 4180 quoting) into trimmed field names. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString().trim());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString().trim());
    return fields;
  }
}
