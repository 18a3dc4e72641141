package safeup.core.diff;

/**
 * The changes in a directory of logs, caches or state, counted rather than listed.
 *
 * @param path the directory, on the live system
 * @param what {@code logs}, {@code caches}, {@code pacman's database}...
 */
public record Summary(String path, String what, int added, int changed, int removed) {

  Summary plus(FileChange.Kind kind) {
    return new Summary(
        path,
        what,
        added + (kind == FileChange.Kind.ADDED ? 1 : 0),
        changed + (kind == FileChange.Kind.CHANGED ? 1 : 0),
        removed + (kind == FileChange.Kind.REMOVED ? 1 : 0));
  }
}
