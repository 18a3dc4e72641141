package safeup.core.boot;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import safeup.core.ExitCode;
import safeup.core.SafeupException;

/**
 * The entries of a boot directory ({@code /boot}, {@code /efi}) on its own filesystem: a filesystem
 * mounted below it (an ESP at {@code /boot/efi}, shared with another system) is not walked into, so
 * that neither the save nor the restore ever touches it. Its mount point is listed, as the
 * directory it is on the outer filesystem.
 */
final class BootTree {
  private BootTree() {}

  /** Every entry of {@code top} on {@code top}'s filesystem, {@code top} first, in name order. */
  static List<Path> walk(Path top) throws IOException {
    Object device = device(top);
    List<Path> entries = new ArrayList<>();
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            entries.add(dir);
            return device.equals(device(dir))
                ? FileVisitResult.CONTINUE
                : FileVisitResult.SKIP_SUBTREE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            entries.add(file);
            return FileVisitResult.CONTINUE;
          }
        });
    entries.sort(null);
    return entries;
  }

  /**
   * The boot directories below {@code root} that hold anything ({@code boot}, {@code efi}), and the
   * filesystems mounted below them.
   */
  static List<String> present(Path root) {
    List<String> dirs = new ArrayList<>();
    for (String dir : List.of("boot", "efi")) {
      Path path = root.resolve(dir);
      try (Stream<Path> entries = Files.isDirectory(path) ? Files.list(path) : Stream.empty()) {
        if (entries.findAny().isPresent()) {
          dirs.addAll(filesystemsUnder(root, dir));
        }
      } catch (IOException e) {
        throw new SafeupException(
            ExitCode.REFUSED, "cannot read " + path + ": " + e.getMessage() + "; check it");
      }
    }
    return dirs;
  }

  /** The total size of the files in {@code dirs} below {@code root}. */
  static long bytesIn(Path root, List<String> dirs) throws IOException {
    long bytes = 0;
    for (String dir : dirs) {
      bytes += bytesOf(walk(root.resolve(dir)));
    }
    return bytes;
  }

  /** The total size of the regular files among {@code entries}. */
  static long bytesOf(List<Path> entries) throws IOException {
    long bytes = 0;
    for (Path p : entries) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        bytes += Files.size(p);
      }
    }
    return bytes;
  }

  /**
   * {@code dir} (relative to {@code root}) and every filesystem mounted below it, each walked on
   * its own: an ESP at {@code boot/efi} is saved as a directory of its own, so that a restore can
   * tell it is mounted again before it writes there.
   */
  static List<String> filesystemsUnder(Path root, String dir) throws IOException {
    List<String> tops = new ArrayList<>(List.of(dir));
    Path top = root.resolve(dir);
    Object device = device(top);
    for (Path entry : walk(top)) {
      if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !device.equals(device(entry))) {
        tops.addAll(filesystemsUnder(root, root.relativize(entry).toString()));
      }
    }
    return tops;
  }

  /** Of the saved directories {@code tops}, the one whose filesystem {@code path} is on. */
  static String owner(String path, List<String> tops) {
    String owner = "";
    for (String top : tops) {
      if ((path.equals(top) || path.startsWith(top + "/")) && top.length() > owner.length()) {
        owner = top;
      }
    }
    return owner;
  }

  /**
   * What names the filesystem holding {@code dir}, as the running system mounted it: its source and
   * type ({@code /dev/vda1 vfat}). A restore puts a directory back only onto the filesystem it was
   * saved from.
   */
  static String filesystem(Path dir) throws IOException {
    FileStore store = Files.getFileStore(dir);
    return store.name() + " " + store.type();
  }

  private static Object device(Path path) throws IOException {
    return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
  }
}
