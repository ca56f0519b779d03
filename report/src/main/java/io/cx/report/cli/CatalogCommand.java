package io.cx.report.cli;

import io.cx.ingest.InputException;
import io.cx.report.catalog.Catalog;
import io.cx.report.catalog.CatalogTables;
import io.cx.report.catalog.Ddl;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = {"Print the DDL that registers every published table of an output in Spark SQL, Trino (Hive "
        + "connector) or DuckDB: location, Parquet format, partition column, column types as published, and "
        + "column comments from the data dictionary. Reads the Parquet footers only (no Spark).",
        "--duckdb-file also writes the DuckDB views into a database file a BI tool can open."})
final class CatalogCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUTPUT", description = "The output root a run wrote (--output).")
  String output;

  @Option(names = "--dialect", required = true, paramLabel = "spark|trino|duckdb", description = "The engine.")
  String dialect;

  @Option(names = "--schema", description = "Database (Spark) or schema (Trino, DuckDB) of the tables (default: cx; "
      + "for DuckDB main, so that the views are found by their bare names).")
  String schema;

  @Option(names = "--location", paramLabel = "URI",
      description = "The output root as the engine reaches it (default: where OUTPUT is), e.g. s3a://bucket/cx.")
  String location;

  @Option(names = "--duckdb-file", paramLabel = "FILE", description = "With --dialect duckdb: create or update this database file with the views.")
  Path duckdbFile;

  @Override
  public Integer call() {
    Ddl.Dialect d;
    try {
      d = Ddl.Dialect.valueOf(dialect.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InputException("--dialect " + dialect + " is not one of spark, trino, duckdb");
    }
    if (duckdbFile != null && d != Ddl.Dialect.DUCKDB) {
      throw new InputException("--duckdb-file goes with --dialect duckdb");
    }
    if (schema == null) {
      schema = d == Ddl.Dialect.DUCKDB ? "main" : "cx";
    }
    List<CatalogTables.Table> tables = Catalog.tables(output, location, d);
    String ddl = Ddl.of(d, tables, schema);
    if (duckdbFile != null) {
      Catalog.writeDuckDb(duckdbFile, ddl);
      System.out.printf(Locale.ROOT, "%d views in schema %s of %s%n", tables.size(), schema,
          duckdbFile.toAbsolutePath());
    } else {
      System.out.print(ddl);
    }
    return 0;
  }
}
