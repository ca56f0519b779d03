package io.cx.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Marks each validated record {@link #VALID}, {@link #REJECTED} or {@link #DUPLICATE}: among valid
 * records sharing an event_id the one with the earliest event_time is kept, ties going to the one
 * read first: loaded for an earlier logical date, then from the earlier --input, then file, then
 * position in the file. Events already published (by runs for other logical dates) take part as
 * {@link #PUBLISHED_INPUT} rows, so a run by date deduplicates against all history exactly as a
 * full refresh over the same inputs would.
 */
public final class Dedup {
  private Dedup() {}

  public static final String STATUS = "_status";
  public static final String VALID = "valid";
  public static final String REJECTED = "rejected";
  public static final String DUPLICATE = "duplicate";
  /** The {@code _input} of a published event competing with this run's records. */
  public static final int PUBLISHED_INPUT = -1;

  public static Dataset<Row> markStatus(Dataset<Row> validated) {
    Column valid = col(RejectedContract.REJECT_REASON).isNull();
    // Rejected records never compete; each gets a key of its own so they do not pile up in one task.
    Column key = when(valid, col(EventContract.EVENT_ID))
        .otherwise(concat_ws("\u0000", lit("rejected"), col(Conform.INPUT), col(EventContract.SOURCE_FILE),
            col(SourceReader.BLOCK), col(SourceReader.ROW)));
    Column rank = row_number().over(Window.partitionBy(valid, key).orderBy(
        col(EventContract.EVENT_TIME), col(EventContract.LOADED_DATE), col(Conform.INPUT), col(EventContract.SOURCE_FILE),
        col(SourceReader.BLOCK), col(SourceReader.ROW)));
    return validated.withColumn(STATUS,
        when(valid.unary_$bang(), lit(REJECTED)).when(rank.equalTo(1), lit(VALID)).otherwise(lit(DUPLICATE)));
  }
}
