package safeup.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A path that no other user can redirect while safeup, as root, works on it: every directory on the
 * way is a real directory (not a symbolic link) of root or of safeup's own user, which no other
 * user may write, unless it is sticky (as {@code /tmp} is: there nobody can replace what another
 * owns). Otherwise a user could swap a directory of the path for a link between safeup's check and
 * its use, and have a snapshot mounted, or a unit written, wherever they like.
 */
public final class UnredirectablePath {
  private UnredirectablePath() {}

  /**
   * Refuses {@code path} (absolute and normalised) when a directory on the way to it, or it, when
   * it exists, could be redirected by another user.
   *
   * @param what what safeup was about to do there, for the refusal ("mount a snapshot set")
   * @param instead where to do it instead, for the refusal
   */
  public static void require(Path path, String what, String instead) {
    Path walked = path.getRoot();
    for (Path name : path) {
      Path next = walked.resolve(name);
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        return; // safeup makes the rest itself
      }
      String problem = problem(walked, next);
      if (!problem.isEmpty()) {
        throw new SafeupException(
            ExitCode.REFUSED,
            "safeup will not "
                + what
                + " at "
                + path
                + ": "
                + problem
                + ", so another user could redirect it while safeup works; "
                + instead);
      }
      walked = next;
    }
  }

  /** What is wrong with stepping from {@code parent} into {@code next}; empty when nothing. */
  private static String problem(Path parent, Path next) {
    try {
      if (Files.isSymbolicLink(next)) {
        return next + " is a symbolic link";
      }
      PosixFileAttributes attributes =
          Files.readAttributes(next, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isDirectory()) {
        return "";
      }
      if (!ownedByRootOrSafeupsUser(next)) {
        return next + " belongs to " + attributes.owner().getName();
      }
      Set<PosixFilePermission> mode = attributes.permissions();
      boolean othersWrite =
          mode.contains(PosixFilePermission.GROUP_WRITE)
              || mode.contains(PosixFilePermission.OTHERS_WRITE);
      if (othersWrite && !sticky(next)) {
        return next + " may be written by other users";
      }
      return "";
    } catch (IOException e) {
      return "cannot read " + next + " (" + e.getMessage() + ")";
    }
  }

  private static boolean ownedByRootOrSafeupsUser(Path path) throws IOException {
    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    return uid == 0 || uid == (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  private static boolean sticky(Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 01000) != 0;
  }
}
