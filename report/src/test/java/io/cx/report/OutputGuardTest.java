package io.cx.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output may not overlap an input, however the paths are spelt. */
class OutputGuardTest {
  @TempDir Path dir;

  @Test
  void anOutputThroughASymbolicLinkIntoTheInputIsRefused() throws Exception {
    Path input = Files.createDirectories(dir.resolve("landing"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), input);
    assertThatThrownBy(() -> OutputGuard.checkNoOverlap(link.resolve("out").toString(), List.of(input.toString())))
        .isInstanceOf(InputException.class).hasMessageContaining("overlaps input");
    assertThatThrownBy(() -> OutputGuard.checkNoOverlap("file://" + dir.resolve("landing/x/../out"),
        List.of(link + "/*.jsonl"))).isInstanceOf(InputException.class);
    assertThatCode(() -> OutputGuard.checkNoOverlap(dir.resolve("out").toString(), List.of(link.toString())))
        .doesNotThrowAnyException();
  }
}
