package safeup.pacman;

import java.nio.file.Path;

/**
 * Where one pacman run keeps its files, as seen from safeup (outside any sysroot).
 *
 * @param root the root pacman installs into
 * @param dbPath the package database directory, which holds {@code db.lck}
 * @param logFile the log pacman appends to
 */
public record PacmanPaths(Path root, Path dbPath, Path logFile) {

  public Path lockFile() {
    return dbPath.resolve("db.lck");
  }

  /** {@code inner} seen from outside a chroot at {@code outer}. */
  static String under(String outer, String inner) {
    if (outer.equals("/") || outer.isEmpty()) {
      return inner;
    }
    String base = outer.endsWith("/") ? outer.substring(0, outer.length() - 1) : outer;
    if (inner.equals("/") || inner.isEmpty()) {
      return base;
    }
    return inner.startsWith("/") ? base + inner : base + "/" + inner;
  }
}
