package io.cx.report.page;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** One row of a published table, by column name; a null or missing column reads as null. */
record PageRow(Map<String, Object> values) {

  String text(String column) {
    Object v = values.get(column);
    return v == null ? null : v.toString();
  }

  /** A whole number, a decimal or a double column as a double (null stays null). */
  Double number(String column) {
    Object v = values.get(column);
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    return v instanceof Number n ? n.doubleValue() : null;
  }

  /** A number column with null read as 0: for sums of counts and amounts. */
  double sum(String column) {
    Double v = number(column);
    return v == null ? 0 : v;
  }

  LocalDate date(String column) {
    Object v = values.get(column);
    if (v instanceof LocalDate d) {
      return d;
    }
    return v == null ? null : LocalDate.parse(v.toString());
  }

  Boolean flag(String column) {
    return values.get(column) instanceof Boolean b ? b : null;
  }
}
