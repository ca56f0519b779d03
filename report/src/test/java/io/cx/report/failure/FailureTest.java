package io.cx.report.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.ingest.InputException;
import io.cx.report.ExitCodes;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The exit code and the one line a scheduler's log shows for each kind of failure. */
class FailureTest {
  static SparkException unreadable(String path, Throwable cause) {
    return new SparkException("FAILED_READ_FILE.NO_HINT", new scala.collection.immutable.Map.Map1<>("path", path), cause);
  }

  @Test
  void aCorruptInputIsTheUsersToFixAndNamesTheFile() {
    Failure f = Failure.of(new RuntimeException("job aborted", unreadable("file:///in/t.jsonl.gz",
        new EOFException("Unexpected end of input stream"))), Optional.of("/out"));
    assertThat(f.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(f.message()).isEqualTo("cannot read input file file:///in/t.jsonl.gz: EOFException: "
        + "Unexpected end of input stream; fix or remove the file and run again");
  }

  @Test
  void aDamagedPublishedFilePointsToVerifyAndAFullRefresh() {
    Failure f = Failure.of(unreadable("file:///out/events/date=2026-01-01/part-0.parquet",
        new IOException("not a Parquet file")), Optional.of("/out"));
    assertThat(f.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(f.message()).startsWith("the published file file:///out/events/date=2026-01-01/part-0.parquet is damaged")
        .contains("cx verify /out").contains("--full-refresh");
  }

  @Test
  void aFullDiskMayBeRetriedAReadOnlyOutputNot() {
    assertThat(Failure.of(new RuntimeException(new IOException("No space left on device")), Optional.of("/out")))
        .isEqualTo(new Failure(ExitCodes.RUNTIME_FAILURE,
            "no space left on device while writing under /out; nothing was published; free space and run again"));
    Failure readOnly = Failure.of(new IOException("Mkdirs failed", new java.nio.file.AccessDeniedException("/out/x")),
        Optional.of("/out"));
    assertThat(readOnly.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(readOnly.message()).isEqualTo("cannot write under /out: /out/x; nothing was published");
  }

  @Test
  void userErrorsKeepTheirMessageAndEverythingIsRedacted() {
    Failure f = Failure.of(new InputException("input 'jdbc:postgresql://admin:SECRET@db/x' does not exist"),
        Optional.empty());
    assertThat(f).isEqualTo(new Failure(ExitCodes.USAGE, "input 'jdbc:postgresql://admin:***@db/x' does not exist"));
    assertThat(Failure.of(new OutputLockedException("held"), Optional.empty()).exitCode())
        .isEqualTo(ExitCodes.OUTPUT_LOCKED);
    Failure bug = Failure.of(new IllegalStateException("wrapper", new NullPointerException("x is null\nmore")),
        Optional.empty());
    assertThat(bug).isEqualTo(new Failure(ExitCodes.RUNTIME_FAILURE, "failed: x is null (in IllegalStateException)"));
  }

  @Test
  void credentialsAreMasked() {
    assertThat(Redact.secrets("s3a://AKIA:wJalr/Xt@bucket/landing")).isEqualTo("s3a://AKIA:***@bucket/landing");
    assertThat(Redact.secrets("jdbc:postgresql://db/x?user=a&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
    assertThat(Redact.secrets("{\"secret-key\" : \"abc\", \"region\" : \"eu\"}"))
        .isEqualTo("{\"secret-key\" : \"***\", \"region\" : \"eu\"}");
    assertThat(Redact.secrets("Relative path in absolute URI: jdbc:postgresql:/admin:SECRET@db/x"))
        .isEqualTo("Relative path in absolute URI: jdbc:postgresql:/admin:***@db/x");
    assertThat(Redact.secrets("landing/dt=2026-01-01/events.jsonl")).isEqualTo("landing/dt=2026-01-01/events.jsonl");
  }
}
