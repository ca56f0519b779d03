package io.cx.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Marks each validated record {@link #VALID}, {@link #REJECTED} or {@link #DUPLICATE}: among valid
 * records sharing an event_id the one with the earliest event_time is kept, ties going to the one
 * read first: loaded for an earlier logical date, then from the earlier --input, then file, then
 * position in the file. Events already published (by runs for other logical dates) take part as
 * {@link #PUBLISHED_INPUT} rows, so a run by date deduplicates against all history exactly as a
 * full refresh over the same inputs would.
 *
 * <p>Only event_ids that occur more than once need a decision, and they are few: they are found
 * from narrow (event_id, rank) rows, and the records themselves are never shuffled for it.
 */
public final class Dedup {
  private Dedup() {}

  public static final String STATUS = "_status";
  public static final String VALID = "valid";
  public static final String REJECTED = "rejected";
  public static final String DUPLICATE = "duplicate";
  /** The {@code _input} of a published event competing with this run's records. */
  public static final int PUBLISHED_INPUT = -1;

  /** Columns of {@link #contested}. */
  static final String CONTESTED_ID = "_contested_id";
  static final String WINNER = "_winner";
  static final String PUBLISHED_TOOK_PART = "_published_took_part";
  private static final String RANK = "_rank";
  private static final String RUN_ID = "_run_event_id";

  /**
   * The order records compete in, smallest first; it also identifies a record of this run, since
   * (input, file, row) is unique.
   */
  static Column rank(Column time, Column loaded, Column input, Column file, Column block, Column row) {
    return struct(time.as("t"), loaded.as("loaded"), input.as("input"), file.as("file"), block.as("block"),
        row.as("row"));
  }

  private static Column rankOfRecord() {
    return rank(col(EventContract.EVENT_TIME), col(EventContract.LOADED_DATE), col(Conform.INPUT),
        col(EventContract.SOURCE_FILE), col(SourceReader.BLOCK), col(SourceReader.ROW));
  }

  /**
   * One row per event_id held by more than one valid record or published event: the rank of the
   * winner, and whether a published event took part.
   *
   * <p>Published event_ids are unique (each is the winner of an earlier contest), so a published
   * event can only be contested by a record of this run. With {@code fewRecords} the run's
   * event_ids are broadcast and only the published events sharing one take part: a nightly run
   * then shuffles its own records and a handful of published ones instead of all of history.
   *
   * @param published the events already published, for a run by date
   * @param fewRecords whether this run's validated records are few enough to broadcast their event_ids
   */
  public static Dataset<Row> contested(Dataset<Row> validated, Optional<Rivals> published, boolean fewRecords) {
    Dataset<Row> candidates = validated.where(col(RejectedContract.REJECT_REASON).isNull())
        .select(col(EventContract.EVENT_ID), rankOfRecord().as(RANK));
    if (published.isPresent()) {
      Dataset<Row> rivals = fewRecords
          ? published.get().sharing(candidates.select(col(EventContract.EVENT_ID).as(RUN_ID)))
          : published.get().all();
      candidates = candidates.unionByName(rivals.select(col(EventContract.EVENT_ID),
          rank(col(EventContract.EVENT_TIME), col(EventContract.LOADED_DATE), lit(PUBLISHED_INPUT),
              lit(null).cast(DataTypes.StringType), lit(null).cast(DataTypes.LongType),
              lit(null).cast(DataTypes.LongType)).as(RANK)));
    }
    return candidates.groupBy(col(EventContract.EVENT_ID).as(CONTESTED_ID))
        .agg(count(lit(1)).as("_n"), min(col(RANK)).as(WINNER),
            max(col(RANK).getField("input").equalTo(PUBLISHED_INPUT)).as(PUBLISHED_TOOK_PART))
        .where(col("_n").gt(1)).drop("_n");
  }

  /** The published events that lost to a record of this run. */
  public static Dataset<Row> displaced(Dataset<Row> contested) {
    return contested.where(col(PUBLISHED_TOOK_PART).and(col(WINNER).getField("input").notEqual(PUBLISHED_INPUT)))
        .select(col(CONTESTED_ID).as(EventContract.EVENT_ID));
  }

  /**
   * Adds {@link #STATUS} to this run's validated records, given {@link #contested}; {@code small}
   * broadcasts the contested ids instead of shuffling the records to meet them.
   */
  public static Dataset<Row> markStatus(Dataset<Row> validated, Dataset<Row> contested, boolean small) {
    Column valid = col(RejectedContract.REJECT_REASON).isNull();
    Dataset<Row> joined = validated.join(small ? broadcast(contested) : contested,
        col(EventContract.EVENT_ID).equalTo(col(CONTESTED_ID)), "left");
    Column wins = col(CONTESTED_ID).isNull().or(rankOfRecord().eqNullSafe(col(WINNER)));
    return joined.withColumn(STATUS, when(valid.unary_$bang(), lit(REJECTED)).when(wins, lit(VALID))
            .otherwise(lit(DUPLICATE)))
        .drop(CONTESTED_ID, WINNER, PUBLISHED_TOOK_PART);
  }
}
