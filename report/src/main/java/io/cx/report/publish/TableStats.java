package io.cx.report.publish;

import java.util.Map;

/** Rows, data files and bytes a published table holds, and rows per partition value (from the Parquet footers). */
public record TableStats(long rows, long files, long bytes, Map<String, Long> partitions) {}
