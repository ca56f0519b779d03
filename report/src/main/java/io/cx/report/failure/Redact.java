package io.cx.report.failure;

import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is printed, logged or written to a manifest: the
 * password of a URL's user info ({@code jdbc:postgresql://admin:SECRET@db/x}), and the value of a
 * {@code password=}, {@code secret=}, {@code token=} or {@code key=} style parameter.
 */
public final class Redact {
  private Redact() {}

  public static final String MASK = "***";

  /** {@code scheme://user:password@host} (also as {@code scheme:/user:password@host}, as Hadoop prints it): keeps the user, masks the password. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(:/{1,3}[^/\\s:@]+:)[^@\\s]+@");
  /** {@code password=...}, {@code access_key: ...}, {@code ?token=...&}: masks the value. */
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "(?i)((?:password|passwd|pwd|secret|token|access[_.-]?key|secret[_.-]?key|api[_.-]?key|credential)s?"
          + "[\"']?\\s*[=:]\\s*[\"']?)[^\\s&;,\"'}]+");

  public static String secrets(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    return SECRET_PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }
}
