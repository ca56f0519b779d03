package io.cx.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}), with checksum files as usual, that sets a file's
 * permissions through Java instead of starting a {@code chmod} process.
 *
 * <p>Without Hadoop's native library (not shipped with Spark), {@link RawLocalFileSystem} runs
 * {@code chmod} for every file and folder it creates, checksum files included: about 3,000
 * processes for the demo's output, each a fork of a JVM of 2 GB. Local-mode sessions use this
 * class for {@code file:} paths ({@code spark.hadoop.fs.file.impl}); on a cluster the submitter's
 * file systems stay.
 */
public final class LocalFiles extends LocalFileSystem {
  /** The setting that makes Hadoop use this class for {@code file:} paths. */
  public static final String SETTING = "spark.hadoop.fs.file.impl";

  public LocalFiles() {
    super(new WithoutChmodProcess());
  }

  /** The raw local file system, with permissions set by {@link Files#setPosixFilePermissions}. */
  static final class WithoutChmodProcess extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      if (permission.getStickyBit()
          || !Files.getFileStore(file).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(file, posix(permission));
    }
  }

  /** The POSIX permission bits of a Hadoop permission (its sticky bit aside). */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    add(out, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(out, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(out, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return out;
  }

  private static void add(Set<PosixFilePermission> out, FsAction action, PosixFilePermission read,
      PosixFilePermission write, PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      out.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      out.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      out.add(execute);
    }
  }
}
