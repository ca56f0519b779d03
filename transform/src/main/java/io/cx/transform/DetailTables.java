package io.cx.transform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The detail tables the KPI tables are computed from, as they will be published by the run. */
public record DetailTables(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> journeys, Dataset<Row> orders,
    Dataset<Row> customers) {}
