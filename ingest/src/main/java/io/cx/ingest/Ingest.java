package io.cx.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_valid_utf8;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The ingest stage: read every input, bring it onto the contract (directly or through a mapping),
 * validate, deduplicate. The validated records are persisted because four consumers read them
 * (the duplicate contest, the clean events, the rejected events, the counts).
 */
public final class Ingest {
  private Ingest() {}

  /** Most contested event_ids broadcast to the records rather than shuffled with them (~100 bytes each). */
  static final long BROADCAST_CONTESTED = 500_000;
  /** Up to this many records, a run by date broadcasts its event_ids to find the published events they contest. */
  static final long BROADCAST_RUN_IDS = 1_000_000;

  /**
   * The outcome of ingest; call {@link #release()} once both tables are written. {@code displaced}
   * holds the event_id of each published event that a record of this run replaces (one with an
   * earlier event_time, or loaded for an earlier date).
   */
  public record Result(Dataset<Row> events, Dataset<Row> rejected, List<InputCounts> inputs,
      List<Dataset<Row>> persisted, Dataset<Row> displaced) {
    public InputCounts total() {
      return InputCounts.total("total", inputs);
    }

    public void release() {
      persisted.forEach(Dataset::unpersist);
    }
  }

  public static Result run(
      SparkSession spark, List<InputSpec> inputs, Optional<String> mappingSql, IngestSettings settings, String runId) {
    return run(spark, inputs, mappingSql, settings, runId, Optional.empty());
  }

  /**
   * @param published events already published that this run's records compete with when
   *     deduplicating (columns event_id, event_time, loaded_date), for a run by logical date
   */
  public static Result run(SparkSession spark, List<InputSpec> inputs, Optional<String> mappingSql,
      IngestSettings settings, String runId, Optional<Dataset<Row>> published) {
    return runAgainst(spark, inputs, mappingSql, settings, runId, published.map(Rivals::scanning));
  }

  /**
   * @param published the events already published that this run's records compete with when
   *     deduplicating, for a run by logical date
   */
  public static Result runAgainst(SparkSession spark, List<InputSpec> inputs, Optional<String> mappingSql,
      IngestSettings settings, String runId, Optional<Rivals> published) {
    requireUtcSession(spark);
    // Each part names its jobs; the caller's description is given back at the end.
    String before = io.cx.spark.JobDescription.current(spark.sparkContext());
    try {
      List<Dataset<Row>> conformed = new ArrayList<>();
      Map<Integer, Long> sourceRecords = new HashMap<>();
      // JSONL inputs without a mapping (a run by date: one per day) are read in one scan when they can be.
      List<InputSpec> jsonl = mappingSql.isPresent() ? List.of()
          : inputs.stream().filter(i -> i.format() == InputSpec.InputFormat.JSONL).toList();
      Optional<Dataset<Row>> oneScan = Optional.empty();
      if (jsonl.size() > 1) {
        io.cx.spark.JobDescription.set(spark.sparkContext(), "ingest: list " + jsonl.size() + " JSONL inputs");
        oneScan = SourceReader.readContractJsonl(spark, jsonl);
        oneScan.ifPresent(raw -> conformed.add(Conform.fromContractScan(raw)));
      }
      for (InputSpec input : inputs) {
        if (oneScan.isPresent() && jsonl.contains(input)) {
          continue;
        }
        io.cx.spark.JobDescription.set(spark.sparkContext(), "ingest: read " + input.path());
        if (mappingSql.isPresent()) {
          Dataset<Row> raw = SourceReader.readSource(spark, input, settings);
          sourceRecords.put(input.index(), raw.count());
          conformed.add(Conform.fromMapping(spark, raw, mappingSql.get(), input));
        } else {
          conformed.add(Conform.fromContract(SourceReader.readContract(spark, input, settings), input));
        }
      }
      // The read-order number is given here, over the union of all inputs, not in each input's read:
      // Spark pushes a deterministic projection through a union into every branch, so validation's
      // large generated code was compiled and run once per input (a run by date reads one input per
      // day: 92 copies, each on a day's records, mostly interpreted). A non-deterministic column
      // between the union and validation keeps validation one projection over all inputs.
      Dataset<Row> all = unionAll(conformed)
          .withColumn(SourceReader.ROW, monotonically_increasing_id());
      // Read and validated once, then read by the dedup contest and by the three consumers of the
      // marked records (the clean events, the rejected events, the counts).
      Dataset<Row> cached = Validation.validate(all, settings).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> validated = Validation.withReason(cached, settings);
      io.cx.spark.JobDescription.set(spark.sparkContext(), "ingest: read, validate, find duplicate event_ids");
      // A run by date meets published history: count its own records first (this builds the cache),
      // so that few of them are matched against history by broadcast rather than by a shuffle of it.
      boolean fewRecords = published.isPresent() && validated.count() <= BROADCAST_RUN_IDS;
      Dataset<Row> contested = Dedup.contested(validated, published, fewRecords)
          .persist(StorageLevel.MEMORY_AND_DISK());
      boolean small = contested.count() <= BROADCAST_CONTESTED;
      Dataset<Row> marked = Dedup.markStatus(validated, contested, small);
      io.cx.spark.JobDescription.set(spark.sparkContext(), "ingest: count");
      List<InputCounts> counts = count(marked, inputs, sourceRecords);
      return new Result(cleanEvents(marked), rejectedEvents(marked, inputs, settings, runId), counts,
          List.of(cached, contested), Dedup.displaced(contested));
    } finally {
      io.cx.spark.JobDescription.restore(spark.sparkContext(), before);
    }
  }

  /**
   * The union of many Datasets as a balanced tree: a plan's depth grows with the logarithm of the
   * number of inputs, not with the number (a chain of 400 unions overflows the analyzer's stack).
   */
  static Dataset<Row> unionAll(List<Dataset<Row>> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int half = parts.size() / 2;
    return unionAll(parts.subList(0, half)).unionByName(unionAll(parts.subList(half, parts.size())));
  }

  static Dataset<Row> cleanEvents(Dataset<Row> marked) {
    return marked.where(col(Dedup.STATUS).equalTo(Dedup.VALID))
        .select(EventContract.CLEAN_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  static Dataset<Row> rejectedEvents(
      Dataset<Row> marked, List<InputSpec> inputs, IngestSettings settings, String runId) {
    // One flat map literal, not a CASE per input: an expression nested once per input overflowed
    // the stack of Spark's analyzer at a few hundred inputs (a backfill of a year of folders).
    List<Column> entries = new ArrayList<>();
    for (InputSpec in : inputs) {
      entries.add(lit(in.index()));
      entries.add(lit(in.path()));
    }
    Column inputPath = element_at(map(entries.toArray(Column[]::new)), col(Conform.INPUT));
    // The raw text of a record that could not be parsed is its bytes as read; a BI reader such as
    // DuckDB refuses a table holding invalid UTF-8, so such bytes become replacement characters.
    // (Parsed text is valid already: the JSON parser rejects invalid UTF-8 and the CSV reader
    // decodes it to replacement characters; Parquet inputs are made valid when read.)
    return marked.where(col(Dedup.STATUS).equalTo(Dedup.REJECTED)).select(
        make_valid_utf8(Validation.rawRecord()).as(RejectedContract.RAW_RECORD),
        col(EventContract.SOURCE_FILE).as(RejectedContract.SOURCE_FILE),
        inputPath.as(RejectedContract.INPUT),
        col(RejectedContract.REJECT_REASON),
        make_valid_utf8(Validation.rejectDetail(settings)).as(RejectedContract.REJECT_DETAIL),
        col(EventContract.EVENT_ID).as(RejectedContract.EVENT_ID),
        col(EventContract.EVENT_TIME).as(RejectedContract.EVENT_TIME),
        lit(runId).as(RejectedContract.RUN_ID),
        col(EventContract.LOADED_DATE).as(RejectedContract.LOADED_DATE),
        rejectedDate().as(EventContract.DATE));
  }

  /**
   * The event's date when its time is usable; records without one, and future-dated ones (whose
   * date means nothing yet), go under the date they were loaded for (a plain run's as-of date)
   * instead of scattering far-off folders.
   */
  private static Column rejectedDate() {
    Column usable = col(EventContract.DATE).isNotNull()
        .and(col(RejectedContract.REJECT_REASON).notEqual(RejectReasons.FUTURE_EVENT_TIME));
    return org.apache.spark.sql.functions.when(usable, col(EventContract.DATE)).otherwise(col(EventContract.LOADED_DATE));
  }

  private static List<InputCounts> count(Dataset<Row> marked, List<InputSpec> inputs, Map<Integer, Long> sourceRecords) {
    List<Row> rows = marked.groupBy(col(Conform.INPUT), col(Dedup.STATUS), col(RejectedContract.REJECT_REASON))
        .count().collectAsList();
    List<InputCounts> out = new ArrayList<>();
    for (InputSpec in : inputs) {
      long valid = 0, rejected = 0, duplicate = 0;
      Map<String, Long> reasons = new HashMap<>();
      for (Row r : rows) {
        if (r.isNullAt(0)) {
          // Only a one-scan read can leave a record without an input, if its file matched no entry of
          // the file lookup; nothing has been written yet, so failing here loses nothing.
          throw new IllegalStateException(r.getLong(3) + " record(s) could not be traced to the input they were "
              + "read from; this is a bug, please report it with the input paths");
        }
        if (r.getInt(0) != in.index()) {
          continue;
        }
        long n = r.getLong(3);
        switch (r.getString(1)) {
          case Dedup.VALID -> valid += n;
          case Dedup.DUPLICATE -> duplicate += n;
          default -> {
            rejected += n;
            reasons.merge(r.getString(2), n, Long::sum);
          }
        }
      }
      long read = valid + rejected + duplicate;
      out.add(new InputCounts(in.path(), in.format().name().toLowerCase(java.util.Locale.ROOT),
          sourceRecords.getOrDefault(in.index(), read), read, valid, rejected, duplicate, reasons));
    }
    return out;
  }

  private static void requireUtcSession(SparkSession spark) {
    String tz = spark.conf().get("spark.sql.session.timeZone");
    if (!tz.equals("UTC") && !tz.equals("Etc/UTC") && !tz.equals("Z")) {
      throw new IllegalStateException("spark.sql.session.timeZone must be UTC for ingest, is " + tz);
    }
  }
}
