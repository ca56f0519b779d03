package io.cx.report.sample;

import io.cx.ingest.EventContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated input record: contract field values as they will be written (a value may be a
 * deliberately broken string), or a raw line that is not a record at all.
 */
final class SampleEvent {
  final Map<String, Object> fields = new LinkedHashMap<>();
  /** Epoch milliseconds of the event, used for ordering and for time-shifted copies. */
  long millis;
  /** Written as a line that is not a record of the format at all. */
  boolean malformed;

  SampleEvent set(String column, Object value) {
    if (value == null) {
      fields.remove(column);
    } else {
      fields.put(column, value);
    }
    return this;
  }

  SampleEvent copy() {
    SampleEvent c = new SampleEvent();
    c.fields.putAll(fields);
    c.millis = millis;
    c.malformed = malformed;
    return c;
  }

  String toJson() {
    if (malformed) {
      String whole = withoutFlaw().toJson();
      return whole.substring(0, whole.length() / 2);
    }
    StringBuilder sb = new StringBuilder(256).append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        appendJsonString(sb, v.toString());
      }
    }
    return sb.append('}').toString();
  }

  String toCsv(List<String> columns) {
    if (malformed) {
      return withoutFlaw().toCsv(columns) + ",unexpected,extra,fields";
    }
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = fields.get(columns.get(i));
      if (v != null) {
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
          sb.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
          sb.append(s);
        }
      }
    }
    return sb.toString();
  }

  private SampleEvent withoutFlaw() {
    SampleEvent c = copy();
    c.malformed = false;
    return c;
  }

  static String csvHeader() {
    return String.join(",", EventContract.COLUMNS);
  }

  private static void appendJsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}
