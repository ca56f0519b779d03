package io.cx.report.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commit record of a publish: written (atomically, by rename) once every table of a run is
 * staged and verified, before the first partition is moved; deleted when the run is complete.
 * Whoever finds one (the next run) rolls the publish forward, so a run killed while moving
 * partitions still ends with its output, never with a mix.
 *
 * @param moves every partition folder the run replaces or removes, in order
 * @param manifestJson the run manifest to write once the moves are done
 */
public record PublishJournal(String runId, List<Move> moves, String manifestJson) {

  /** One partition folder of one table: replaced by the staged one, or removed ({@code staged} false). */
  public record Move(String table, String partition, boolean staged) {}

  static final String DIR = "_journal";
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  void write(FileSystem fs, Path root) throws IOException {
    fs.mkdirs(new Path(root, DIR));
    OutputFiles.writeAtomically(fs, file(root, runId), JSON.writeValueAsString(this));
  }

  static Path file(Path root, String runId) {
    return new Path(new Path(root, DIR), runId + ".json");
  }

  /** Journals left by runs that did not finish publishing, oldest first. */
  static List<PublishJournal> pending(FileSystem fs, Path root) {
    Path dir = new Path(root, DIR);
    List<PublishJournal> out = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".json") && !p.getName().startsWith("."))) {
        try (InputStream in = fs.open(f.getPath())) {
          out.add(JSON.readValue(in, PublishJournal.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the publish journal under " + dir + ": " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparing(PublishJournal::runId));
    return out;
  }
}
