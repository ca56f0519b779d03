package io.cx.report.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a publish after its commit point, written so that a kill at any point is repaired
 * by doing them again: the partition moves of a journal, and the finish (manifest, marker, clean-up).
 */
final class PublishMoves {
  private static final Logger LOG = LoggerFactory.getLogger(PublishMoves.class);

  private PublishMoves() {}

  /**
   * Finishes any publish a killed run left half done (its journal is the proof that all its
   * tables were staged and verified) and drops staging of runs killed before that point.
   * Returns the run ids whose publish was completed. Call before a run writes anything.
   */
  static List<String> recover(FileSystem fs, Path root) {
    List<String> completed = new ArrayList<>();
    try {
      for (PublishJournal journal : PublishJournal.pending(fs, root)) {
        LOG.warn("run {} was stopped while publishing; finishing its publish", journal.runId());
        applyMoves(fs, root, journal, OutputFiles::rename);
        finish(fs, root, journal.runId(), journal.manifestJson());
        completed.add(journal.runId());
      }
      Path staging = new Path(root, "_staging");
      if (fs.exists(staging)) {
        for (FileStatus s : fs.listStatus(staging)) {
          LOG.warn("dropping {}: left by a run stopped before it published", s.getPath());
          fs.delete(s.getPath(), true);
        }
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover the output " + root + ": " + e.getMessage(), e);
    }
    return completed;
  }

  /** Idempotent: after a kill at any point, applying the same journal again completes it. */
  static void applyMoves(FileSystem fs, Path root, PublishJournal journal, Mover mover) throws IOException {
    Path staging = new Path(root, "_staging/" + journal.runId());
    Path trash = new Path(root, "_trash/" + journal.runId());
    for (PublishJournal.Move m : journal.moves()) {
      Path live = new Path(new Path(root, m.table()), m.partition());
      Path next = new Path(new Path(staging, m.table()), m.partition());
      Path old = new Path(new Path(trash, m.table()), m.partition());
      boolean pending = m.staged() ? fs.exists(next) : fs.exists(live);
      if (!pending) {
        continue;
      }
      if (fs.exists(live)) {
        fs.delete(old, true);
        fs.mkdirs(old.getParent());
        mover.move(fs, live, old);
      }
      if (m.staged()) {
        fs.mkdirs(live.getParent());
        mover.move(fs, next, live);
      }
    }
  }

  /** The one step of a publish that changes what readers see: a rename. Tests stop it part way. */
  interface Mover {
    void move(FileSystem fs, Path from, Path to) throws IOException;
  }

  static void finish(FileSystem fs, Path root, String id, String manifestJson) throws IOException {
    ManifestFiles.write(fs, root, id, manifestJson);
    OutputFiles.writeAtomically(fs, new Path(root, Publisher.SUCCESS), id + "\n");
    fs.delete(PublishJournal.file(root, id), true);
    OutputFiles.deleteIfEmpty(fs, new Path(root, PublishJournal.DIR));
    fs.delete(new Path(root, "_trash/" + id), true);
    OutputFiles.deleteIfEmpty(fs, new Path(root, "_trash"));
    fs.delete(new Path(root, "_staging/" + id), true);
    OutputFiles.deleteIfEmpty(fs, new Path(root, "_staging"));
  }

}
