package io.cx.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.cx.ingest.EventContract;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Customers#seen} figures (first and last seen, latest NPS) of the customers a run by
 * date affects, without reading their events before its read window where the published snapshot
 * already tells what those events add.
 *
 * <p>An event is dated by its time, so every event before the window is earlier than every event
 * in it. The published row of a customer covers the published events before the window and in it
 * (the window as it was). Its first-seen time is the earliest event before the window if it is
 * earlier than the customer's earliest event of the old window; its last-seen time and latest NPS
 * are those of the events before the window if the old window had no event (no NPS answer) of the
 * customer. The events before the window matter only where the window after the change has no
 * event (no NPS answer) of the customer: only a customer for whom they matter and the snapshot
 * cannot tell (the old window had some, the new one has none: a reloaded date dropped them) is
 * looked up in the earlier events.
 */
final class SeenOfAffected {
  private static final Logger LOG = LoggerFactory.getLogger(SeenOfAffected.class);

  private SeenOfAffected() {}

  private static final String OLD = "_old_";
  private static final String NEW = "_new_";
  private static final String PUB = "_pub_";
  private static final String BEFORE = "_before_";

  /**
   * @param published the published customer rows of the affected customers
   * @param oldWindow the affected persons' published events of the read window
   * @param newWindow the affected persons' events of the read window after the change
   * @param earlier the affected persons' published events dated before the read window (read only
   *     for the customers the snapshot cannot tell about)
   * @return {@link Customers#seen} of every affected customer that still has an event
   */
  static Dataset<Row> of(Dataset<Row> published, Dataset<Row> oldWindow, Dataset<Row> newWindow,
      Dataset<Row> earlier, Scratch scratch) {
    Dataset<Row> oldSeen = prefixed(Customers.seen(oldWindow), OLD);
    Dataset<Row> newSeen = prefixed(Customers.seen(newWindow), NEW);
    Dataset<Row> pub = prefixed(published.select(col(CustomersContract.CUSTOMER_ID),
        col(CustomersContract.FIRST_SEEN_AT), col(CustomersContract.LAST_SEEN_AT), col(CustomersContract.LATEST_NPS)),
        PUB);
    Column oldFirst = col(OLD + CustomersContract.FIRST_SEEN_AT);
    Column oldNps = col(OLD + Customers.NPS_ORDER);
    Column newFirst = col(NEW + CustomersContract.FIRST_SEEN_AT);
    Column newNps = col(NEW + Customers.NPS_ORDER);
    Dataset<Row> known = scratch.keep("customers_seen_before", pub
        .join(oldSeen, col(PUB + CustomersContract.CUSTOMER_ID).equalTo(col(OLD + CustomersContract.CUSTOMER_ID)),
            "left")
        .join(newSeen, col(PUB + CustomersContract.CUSTOMER_ID).equalTo(col(NEW + CustomersContract.CUSTOMER_ID)),
            "left")
        .select(col(PUB + CustomersContract.CUSTOMER_ID).as(EventContract.CUSTOMER_ID),
            when(oldFirst.isNull().or(col(PUB + CustomersContract.FIRST_SEEN_AT).lt(oldFirst)),
                col(PUB + CustomersContract.FIRST_SEEN_AT)).as(CustomersContract.FIRST_SEEN_AT),
            when(oldFirst.isNull(), col(PUB + CustomersContract.LAST_SEEN_AT)).as(CustomersContract.LAST_SEEN_AT),
            when(oldNps.isNull(), col(PUB + CustomersContract.LATEST_NPS)).as(CustomersContract.LATEST_NPS),
            oldFirst.isNotNull().and(newFirst.isNull()).or(oldNps.isNotNull().and(newNps.isNull()))
                .as("_untold")));
    Dataset<Row> untold = known.where(col("_untold")).select(col(EventContract.CUSTOMER_ID).as("_untold_customer"));
    long lookedUp = untold.count();
    Dataset<Row> before = known.where(col("_untold").unary_$bang()).drop("_untold");
    if (lookedUp > 0) {
      LOG.info("{} affected customers lost their events of the read window: their earlier events are read", lookedUp);
      Dataset<Row> theirs = earlier.join(untold, col(EventContract.CUSTOMER_ID).equalTo(col("_untold_customer")),
          "left_semi");
      before = before.unionByName(Customers.seen(theirs).drop(Customers.NPS_ORDER));
    }
    return combine(prefixed(before, BEFORE), newSeen);
  }

  /**
   * The figures of all events from those before the window and those in it: the earliest first
   * seen is the earlier span's, the latest last seen and NPS answer the later span's if it has one.
   */
  private static Dataset<Row> combine(Dataset<Row> before, Dataset<Row> window) {
    Column b = col(BEFORE + CustomersContract.CUSTOMER_ID);
    Column w = col(NEW + CustomersContract.CUSTOMER_ID);
    Column hasNps = col(NEW + Customers.NPS_ORDER).isNotNull();
    return before.join(window, b.equalTo(w), "full_outer")
        .select(coalesce(b, w).as(EventContract.CUSTOMER_ID),
            coalesce(col(BEFORE + CustomersContract.FIRST_SEEN_AT), col(NEW + CustomersContract.FIRST_SEEN_AT))
                .as(CustomersContract.FIRST_SEEN_AT),
            coalesce(col(NEW + CustomersContract.LAST_SEEN_AT), col(BEFORE + CustomersContract.LAST_SEEN_AT))
                .as(CustomersContract.LAST_SEEN_AT),
            when(hasNps, col(NEW + CustomersContract.LATEST_NPS)).otherwise(col(BEFORE + CustomersContract.LATEST_NPS))
                .as(CustomersContract.LATEST_NPS))
        .where(col(CustomersContract.FIRST_SEEN_AT).isNotNull());
  }

  /** {@code df} with every column renamed to {@code prefix} + its name (so that joins of two spans are unambiguous). */
  static Dataset<Row> prefixed(Dataset<Row> df, String prefix) {
    return df.select(java.util.Arrays.stream(df.columns()).map(c -> col(c).as(prefix + c)).toArray(Column[]::new));
  }
}
