package io.cx.report.publish;

import java.util.Map;

/** Rows and files a published table holds, in total and per partition value. */
public record TableStats(long rows, long files, Map<String, Long> partitions) {}
