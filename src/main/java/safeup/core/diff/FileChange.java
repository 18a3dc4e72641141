package safeup.core.diff;

import java.util.Set;

/**
 * One path that differs between a snapshot and its live volume.
 *
 * @param path the path on the live system, absolute
 * @param kind added (only live), removed (only in the snapshot) or changed
 * @param aspects what changed, for a changed path
 * @param directory whether it is a directory (live, or in the snapshot when removed)
 */
public record FileChange(String path, Kind kind, Set<Aspect> aspects, boolean directory) {

  /** Whether the path is new, gone or different. */
  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED;

    /** The word JSON and the text use. */
    public String key() {
      return name().toLowerCase();
    }
  }

  /** What differs in a changed path. */
  public enum Aspect {
    CONTENT,
    MODE,
    OWNER,
    LINK,
    TYPE;

    public String key() {
      return name().toLowerCase();
    }
  }
}
