package io.cx.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cx.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void permissionsAreTheOnesHadoopAsksFor() {
    assertThat(PosixFilePermissions.toString(LocalFiles.posix(new FsPermission((short) 0644)))).isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(LocalFiles.posix(new FsPermission((short) 0750)))).isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(LocalFiles.posix(new FsPermission((short) 0)))).isEqualTo("---------");
  }

  @Test
  void filesAndFoldersGetTheirPermissionsAndChecksums() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", LocalFiles.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem fs = FileSystem.get(dir.toUri(), conf);
    assertThat(fs).isInstanceOf(LocalFiles.class);
    Path folder = new Path(dir.toUri().toString(), "a/b");
    assertThat(fs.mkdirs(folder, new FsPermission((short) 0750))).isTrue();
    try (FSDataOutputStream out = fs.create(new Path(folder, "f.txt"), new FsPermission((short) 0640), true, 4096,
        (short) 1, 1 << 20, null)) {
      out.writeBytes("hello");
    }
    fs.setPermission(new Path(folder, "f.txt"), new FsPermission((short) 0600));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b")))).isEqualTo("rwxr-x---");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/f.txt"))))
        .isEqualTo("rw-------");
    assertThat(dir.resolve("a/b/.f.txt.crc")).exists();
    assertThat(new String(Files.readAllBytes(dir.resolve("a/b/f.txt")))).isEqualTo("hello");
  }

  @Test
  void theTestSessionWritesThroughIt() throws Exception {
    org.apache.spark.sql.SparkSession spark = TestSpark.session();
    FileSystem fs = new Path(dir.toUri()).getFileSystem(spark.sparkContext().hadoopConfiguration());
    assertThat(fs).isInstanceOf(LocalFiles.class);
  }
}
