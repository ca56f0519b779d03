package io.cx.ingest;

import io.cx.ingest.InputSpec.InputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An {@code --input} naming the landing data of one logical date through a {@value #PLACEHOLDER}
 * placeholder, e.g. {@code landing/dt={date}/*.jsonl}: a run for a date reads only that date's
 * data, and every event is stamped with the date it was loaded for.
 */
public final class InputTemplate {
  public static final String PLACEHOLDER = "{date}";
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})");

  private InputTemplate() {}

  public static boolean isTemplate(String input) {
    return input.contains(PLACEHOLDER);
  }

  public static String forDate(String template, LocalDate date) {
    return template.replace(PLACEHOLDER, date.toString());
  }

  /**
   * Inputs for the given logical dates, in date order and then in the order of the templates
   * (so that deduplication breaks ties the same way whichever dates a run covers). Dates for which a
   * template matches no data are skipped; {@code required} dates must have data for some template.
   */
  public static List<InputSpec> resolve(List<String> templates, List<LocalDate> dates, List<LocalDate> required,
      Optional<InputFormat> format, Configuration conf) {
    List<InputSpec> specs = new ArrayList<>();
    for (LocalDate d : dates) {
      boolean any = false;
      for (String t : templates) {
        String path = forDate(t, d);
        if (InputResolver.dataFilePaths(path, conf).isEmpty()) {
          continue;
        }
        InputSpec spec = InputResolver.resolve(List.of(path), format, conf).get(0);
        specs.add(spec.withLoadedDate(specs.size(), d));
        any = true;
      }
      if (!any && required.contains(d)) {
        throw new InputException("no input for " + d + ": " + String.join(", ",
            templates.stream().map(t -> "'" + forDate(t, d) + "'").toList()) + " match(es) no data files");
      }
    }
    return specs;
  }

  /**
   * The logical dates for which a template has data: the names of the folders or files matching the
   * path segment that holds the placeholder (e.g. {@code dt=2026-03-01}). The placeholder must stand
   * in one path segment.
   */
  public static TreeSet<LocalDate> availableDates(String template, Configuration conf) {
    int at = template.indexOf(PLACEHOLDER);
    int segmentStart = template.lastIndexOf('/', at) + 1;
    int segmentEnd = template.indexOf('/', at);
    String segment = template.substring(segmentStart, segmentEnd < 0 ? template.length() : segmentEnd);
    if (segment.indexOf(PLACEHOLDER) != segment.lastIndexOf(PLACEHOLDER)) {
      throw new InputException("input '" + template + "': " + PLACEHOLDER + " appears twice in one path segment");
    }
    Pattern name = Pattern.compile(globToRegex(segment.replace(PLACEHOLDER, "\u0000"))
        .replace("\u0000", ISO_DATE.pattern()));
    String glob = template.substring(0, segmentStart) + segment.replace(PLACEHOLDER, "*");
    TreeSet<LocalDate> dates = new TreeSet<>();
    try {
      Path p = new Path(glob);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      for (FileStatus m : matches == null ? new FileStatus[0] : matches) {
        Matcher x = name.matcher(m.getPath().getName());
        if (x.matches()) {
          try {
            dates.add(LocalDate.parse(x.group(1)));
          } catch (DateTimeParseException e) {
            // a folder like dt=2026-13-45 is not a logical date; it is simply not offered
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input '" + glob + "': " + e.getMessage(), e);
    }
    return dates;
  }

  /** A glob path segment as a regex: * and ? as wildcards, everything else literal. */
  static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> sb.append("[^/]*");
        case '?' -> sb.append("[^/]");
        case '\u0000' -> sb.append(c);
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
