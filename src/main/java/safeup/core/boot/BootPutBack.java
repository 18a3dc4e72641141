package safeup.core.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import safeup.core.ExitCode;
import safeup.core.SafeupException;
import safeup.core.boot.BootManifest.Entry;
import safeup.files.FileGateway;

/**
 * Puts a saved copy of /boot back, entry by entry in the manifest's order: each changed file
 * through a temporary file and a rename, read back against the copy; then what the update added
 * goes.
 */
final class BootPutBack {
  private final BootSave save;
  private final FileGateway files;

  BootPutBack(BootSave save) {
    this.save = save;
    this.files = save.files();
  }

  /**
   * Checks every saved file against the manifest; a refusal, naming the first damaged file, when
   * the save cannot be trusted.
   */
  List<Entry> requireIntact() {
    if (!save.complete()) {
      throw new SafeupException(
          ExitCode.ROLLBACK_REFUSED,
          "the copy of /boot saved before the update ("
              + save.location()
              + ") is missing or incomplete, so the kernel and initramfs that match the old"
              + " modules cannot be put back; nothing was merged. Restore that directory, or roll"
              + " back with --without-boot and reinstall the kernel packages after the reboot");
    }
    List<Entry> entries = save.manifest();
    for (Entry entry : entries) {
      Path copy = save.copyOf(entry);
      boolean intact =
          switch (entry.type()) {
            case 'F' ->
                Files.isRegularFile(copy)
                    && BootManifest.digestOrEmpty(copy).equals(entry.digest());
            case 'D' -> Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS);
            default -> Files.isSymbolicLink(copy);
          };
      if (!intact) {
        throw new SafeupException(
            ExitCode.ROLLBACK_REFUSED,
            "the saved copy of /"
                + entry.path()
                + " in "
                + save.location()
                + " is damaged or missing; nothing was merged. Roll back with --without-boot and"
                + " reinstall the kernel packages after the reboot");
      }
    }
    return entries;
  }

  /** The bytes it would write: the saved files that differ from those in place. */
  long bytesToWrite() {
    long bytes = 0;
    for (Entry entry : save.manifest()) {
      if (entry.type() == 'F' && !BootManifest.sameFile(entry, save.placeOf(entry.path()))) {
        bytes += entry.size();
      }
    }
    return bytes;
  }

  /**
   * Puts the saved tree back.
   *
   * @return how many entries were written or removed
   */
  int run() {
    int changed = 0;
    try {
      List<Entry> entries = save.manifest();
      Map<String, Entry> saved = new LinkedHashMap<>();
      for (Entry entry : entries) {
        saved.put(entry.path(), entry);
        changed += put(entry) ? 1 : 0;
      }
      for (String dir : BootManifest.topDirs(entries)) {
        changed += removeAdded(save.placeOf(dir), saved);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED, "restoring /boot failed: " + BootSave.message(e));
    }
    return changed;
  }

  private boolean put(Entry entry) throws IOException {
    Path target = save.placeOf(entry.path());
    Path copy = save.copyOf(entry);
    switch (entry.type()) {
      case 'D' -> {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        files.deleteTree(target);
        files.createDirectories(target);
        return true;
      }
      case 'L' -> {
        if (Files.isSymbolicLink(target)
            && Files.readSymbolicLink(target).toString().equals(entry.target())) {
          return false;
        }
        files.deleteTree(target);
        files.createLink(target, entry.target());
        return true;
      }
      default -> {
        if (BootManifest.sameFile(entry, target)) {
          return false;
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          files.deleteTree(target);
        }
        files.replace(copy, target);
        return true;
      }
    }
  }

  private int removeAdded(Path dir, Map<String, Entry> saved) throws IOException {
    List<Path> added = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> !saved.containsKey(save.relative(p))).forEach(added::add);
    }
    int removed = 0;
    for (Path path : added) {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        files.deleteTree(path);
        removed++;
      }
    }
    return removed;
  }
}
