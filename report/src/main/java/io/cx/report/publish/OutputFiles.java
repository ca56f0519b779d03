package io.cx.report.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small file operations of publishing: atomic small files, renames that fail loudly, empty folders. */
public final class OutputFiles {
  private OutputFiles() {}

  /**
   * Writes a small file (marker, manifest, journal, report page) by rename from a hidden file of
   * this process beside it. On the local file system it goes around the checksum layer, which would
   * leave a {@code .crc} file beside it, and the rename replaces the old file in one step; object
   * stores and HDFS do not replace on rename, so there the old file goes first.
   */
  public static void writeAtomically(FileSystem anyFs, Path file, String text) throws IOException {
    FileSystem fs = plain(anyFs);
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp-" + ProcessHandle.current().pid());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    if (fs instanceof org.apache.hadoop.fs.RawLocalFileSystem local) {
      java.nio.file.Files.move(local.pathToFile(tmp).toPath(), local.pathToFile(file).toPath(),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    fs.delete(file, false);
    rename(fs, tmp, file);
  }

  static FileSystem plain(FileSystem fs) {
    return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
  }

  static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not move " + from + " to " + to);
    }
  }

  static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  /**
   * Before the commit point: a published partition folder that is about to be replaced or removed
   * may hold only files cx writes (Spark's {@code part-} files, and hidden {@code _} and {@code .}
   * files). Anything else was put there by someone else, and the run stops rather than delete it.
   */
  static void refuseForeignFiles(FileSystem fs, Path folder) throws IOException {
    FileStatus[] files = fs.exists(folder) ? fs.listStatus(folder) : new FileStatus[0];
    for (FileStatus f : files) {
      String n = f.getPath().getName();
      if (!n.startsWith("part-") && Footers.isVisible(n)) {
        throw new io.cx.ingest.InputException("the published folder " + folder + " holds '" + n + "', which cx did "
            + "not write; cx would remove it when replacing the partition, so nothing was published: move it out "
            + "of the output and run again");
      }
    }
  }
}
