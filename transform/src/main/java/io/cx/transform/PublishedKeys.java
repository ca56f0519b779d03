package io.cx.transform;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published {@link CrossDateKeys} as a run by date ({@link ChangedDetail}) reads them, and the
 * dates of them it restates.
 */
final class PublishedKeys {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedKeys.class);

  private PublishedKeys() {}

  /**
   * The published {@link CrossDateKeys}; for an output published before they were kept (or before
   * they held the {@link CrossDateKeys#PERSON_KINDS}), those of its published events (once: the
   * run publishes them whole, see {@link #complete}).
   */
  static Dataset<Row> read(ChangedDetail.Published pub, boolean keysComplete, Scratch scratch) {
    if (pub.keys().isEmpty()) {
      LOG.info("the output has no {}: deriving them from its published events", CrossDateKeys.TABLE);
      return scratch.keep("published_keys", CrossDateKeys.of(pub.events().select(ChangedDetail.cleanColumns()))
          .unionByName(CrossDateKeys.ofPersons(pub.events())));
    }
    Dataset<Row> keys = pub.keys().get().drop(CrossDateKeys.MONTH);
    if (keysComplete) {
      return keys;
    }
    LOG.info("the output's {} have no rows of {}: deriving those from its published events", CrossDateKeys.TABLE,
        CrossDateKeys.PERSON_KINDS);
    return scratch.keep("published_keys", keys.unionByName(CrossDateKeys.ofPersons(pub.events())));
  }

  /**
   * Whether the output's key rows hold every kind: every published event gives a
   * {@link CrossDateKeys#FIRST_SEEN} row, so an output with key rows but none of those was written
   * before they were kept (or has no events, where deriving them costs nothing).
   */
  static boolean complete(ChangedDetail.Published pub) {
    return pub.keys().map(k -> !k.where(col(CrossDateKeys.KIND).equalTo(CrossDateKeys.FIRST_SEEN)).isEmpty())
        .orElse(false);
  }

  /**
   * The last date whose key rows a run restates: the end of the month after the as-of date, so
   * that events dated after it (inside the future tolerance) keep theirs.
   */
  static LocalDate lastRestated(TransformSettings ts) {
    LocalDate next = ts.asOfDate().plusMonths(1);
    return next.withDayOfMonth(next.lengthOfMonth());
  }
}
