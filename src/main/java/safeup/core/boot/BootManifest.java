package safeup.core.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The manifest of a copy of /boot: one line a saved entry (type, SHA-256 of a file, size, a link's
 * target, path), tab-separated, written last so that a copy without it is incomplete. The same
 * lines, with {@code A} for a path that is absent, record what an update left.
 */
final class BootManifest {
  private BootManifest() {}

  /** One entry of a saved tree: a file (with its digest), a directory or a symbolic link. */
  record Entry(char type, String digest, long size, String target, String path) {
    String line() {
      return type + "\t" + digest + "\t" + size + "\t" + target + "\t" + path;
    }

    /** The state of a path that does not exist. */
    static Entry absent(String path) {
      return new Entry('A', "", 0, "", path);
    }

    boolean isAbsent() {
      return type == 'A';
    }

    /** True when {@code place} is in this entry's state: the same kind, link target or bytes. */
    boolean matches(Path place) {
      return switch (type) {
        case 'A' -> !Files.exists(place, LinkOption.NOFOLLOW_LINKS);
        case 'D' -> Files.isDirectory(place, LinkOption.NOFOLLOW_LINKS);
        case 'L' -> target.equals(linkTarget(place));
        default -> sameFile(this, place);
      };
    }

    static Entry parse(String line) {
      String[] f = line.split("\t", 5);
      if (f.length != 5 || f[0].length() != 1) {
        throw new IllegalArgumentException("bad manifest line: " + line);
      }
      return new Entry(f[0].charAt(0), f[1], Long.parseLong(f[2]), f[3], f[4]);
    }
  }

  /**
   * The entries in {@code file}.
   *
   * @param shown the file as the running system names it, for the message
   */
  static List<Entry> read(Path file, Path shown) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isEmpty())
          .map(Entry::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shown, e);
    }
  }

  /** The top directories of the saved tree: {@code boot}, {@code efi}. */
  static List<String> topDirs(List<Entry> entries) {
    return entries.stream().map(Entry::path).filter(p -> !p.contains("/")).distinct().toList();
  }

  /** The state of {@code place} now, as an entry for {@code path}. */
  static Entry stateOf(Path place, String path) throws IOException {
    if (Files.isSymbolicLink(place)) {
      return new Entry('L', "", 0, Files.readSymbolicLink(place).toString(), path);
    }
    if (Files.isDirectory(place, LinkOption.NOFOLLOW_LINKS)) {
      return new Entry('D', "", 0, "", path);
    }
    if (Files.exists(place, LinkOption.NOFOLLOW_LINKS)) {
      return new Entry('F', digest(place), Files.size(place), "", path);
    }
    return Entry.absent(path);
  }

  private static String linkTarget(Path place) {
    try {
      return Files.isSymbolicLink(place) ? Files.readSymbolicLink(place).toString() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** True when {@code target} is a regular file with the saved size and digest. */
  static boolean sameFile(Entry entry, Path target) {
    try {
      return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          && Files.size(target) == entry.size()
          && digest(target).equals(entry.digest());
    } catch (IOException e) {
      return false;
    }
  }

  static String digestOrEmpty(Path file) {
    try {
      return digest(file);
    } catch (IOException e) {
      return "";
    }
  }

  static String digest(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
