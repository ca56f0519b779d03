package io.cx.report.publish;

import java.util.List;

/**
 * Where a run keeps its intermediate results (setting {@code runs-by-date.scratch}). Held in
 * block storage (memory, then the executors' local disk), nothing is encoded to Parquet, written,
 * read back and decoded, but a result is gone with the executor holding it, and a run that loses
 * one fails; in files under staging it outlives the executor.
 */
public enum ScratchSpace {
  HELD, FILES;

  /** The values of the setting. */
  public static final List<String> SETTINGS = List.of("auto", "memory", "files");

  /** The space a setting names: memory, files, or auto (held in local mode, which has no executor to lose). */
  public static ScratchSpace of(String setting, boolean localMode) {
    return switch (setting) {
      case "memory" -> HELD;
      case "files" -> FILES;
      case "auto" -> localMode ? HELD : FILES;
      default -> throw new IllegalArgumentException("scratch space must be one of " + SETTINGS + ", is " + setting);
    };
  }
}
