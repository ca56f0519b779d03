package io.cx.report.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cx.ingest.InputException;
import io.cx.report.failure.OutputLockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whose output folder it is, and one run at a time in it. */
class OutputRootTest {
  @TempDir Path dir;

  FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  OutputRoot claim(Path root, boolean adopt) throws IOException {
    return OutputRoot.claim(fs(), new org.apache.hadoop.fs.Path(root.toString()), "r1", adopt);
  }

  @Test
  void aNewOrEmptyFolderIsMarkedAndLockedUntilClosed() throws IOException {
    Path out = dir.resolve("new");
    try (OutputRoot claimed = claim(out, false)) {
      assertThat(out.resolve(OutputRoot.MARKER)).exists();
      assertThat(Files.readString(out.resolve(OutputRoot.LOCK))).contains("\"run_id\" : \"r1\"")
          .contains("\"pid\" : " + ProcessHandle.current().pid());
      assertThatThrownBy(() -> claim(out, false)).isInstanceOf(OutputLockedException.class)
          .hasMessageContaining("another run holds the output").hasMessageContaining("run r1");
    }
    assertThat(out.resolve(OutputRoot.LOCK)).doesNotExist();
    claim(out, false).close();
  }

  @Test
  void aFolderWithOtherDataIsRefusedUnlessAdopted() throws IOException {
    Path out = dir.resolve("erp");
    Files.createDirectories(out.resolve("orders/dt=2020-01-01"));
    Files.writeString(out.resolve("orders/dt=2020-01-01/erp.parquet"), "x");
    assertThatThrownBy(() -> claim(out, false)).isInstanceOf(InputException.class)
        .hasMessageContaining("not created by cx").hasMessageContaining("--adopt-output");
    assertThat(out.resolve(OutputRoot.MARKER)).doesNotExist();
    claim(out, true).close();
    assertThat(Files.readString(out.resolve(OutputRoot.MARKER))).contains("\"adopted\" : true");
    assertThat(out.resolve("orders/dt=2020-01-01/erp.parquet")).exists();
  }

  @Test
  void anOutputOfAnEarlierCxIsItsOwn() throws IOException {
    Path out = dir.resolve("earlier");
    Files.createDirectories(out.resolve("_manifests"));
    Files.writeString(out.resolve("_manifests/latest.json"), "{}");
    claim(out, false).close();
    assertThat(out.resolve(OutputRoot.MARKER)).exists();
  }

  @Test
  void aLockOfAProcessThatIsGoneOrSilentIsTakenOver() throws IOException {
    Path out = dir.resolve("stale");
    claim(out, false).close();
    // A process id that no live process has on this host.
    long dead = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
    Files.writeString(out.resolve(OutputRoot.LOCK), "{\"run_id\":\"gone\",\"host\":\"" + OutputRoot.host()
        + "\",\"pid\":" + dead + ",\"started_at\":\"2026-01-01T00:00:00Z\"}");
    claim(out, false).close();

    Files.writeString(out.resolve(OutputRoot.LOCK), "{\"run_id\":\"elsewhere\",\"host\":\"another-host\",\"pid\":1}");
    assertThatThrownBy(() -> claim(out, false)).isInstanceOf(OutputLockedException.class);
    Files.setLastModifiedTime(out.resolve(OutputRoot.LOCK), FileTime.from(
        Instant.now().minus(OutputRoot.STALE_AFTER).minusSeconds(60)));
    claim(out, false).close();
    assertThat(out.resolve(OutputRoot.LOCK)).doesNotExist();
  }

  @Test
  void aFileIsNotAnOutputFolder() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> claim(file, false)).isInstanceOf(InputException.class).hasMessageContaining("is a file");
  }
}
