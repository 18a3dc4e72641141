package safeup.core.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/** What one {@code lstat} says of a path, the parts a comparison needs. */
record FileStat(int mode, int uid, int gid, long size, FileTime modified, long device) {
  private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,dev";
  private static final int TYPE = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR = 0100000;
  private static final int LINK = 0120000;

  /** The path's metadata, without following a symbolic link; empty when it is not there. */
  static Optional<FileStat> of(Path path) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(
        new FileStat(
            (Integer) a.get("mode"),
            (Integer) a.get("uid"),
            (Integer) a.get("gid"),
            (Long) a.get("size"),
            (FileTime) a.get("lastModifiedTime"),
            (Long) a.get("dev")));
  }

  int type() {
    return mode & TYPE;
  }

  boolean isDirectory() {
    return type() == DIRECTORY;
  }

  boolean isRegular() {
    return type() == REGULAR;
  }

  boolean isLink() {
    return type() == LINK;
  }

  /** Permission bits with setuid, setgid and sticky. */
  int permissions() {
    return mode & 07777;
  }
}
