package safeup.core.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import safeup.core.ExitCode;
import safeup.core.SafeupException;
import safeup.core.boot.BootManifest.Entry;
import safeup.files.FileGateway;

/**
 * Puts back what the update changed in the saved boot directories, from three states: the copy
 * taken before the update, what the update left ({@link UpdateFootprint}) and what is there now. A
 * path the update did not change is left alone; one changed again since the update (by another
 * system on a shared ESP, say) keeps the newer version and is named, except the kernel images and
 * initramfs, which only this system writes and which must match the modules the rollback brings
 * back. Nothing on a filesystem mounted below a saved directory is touched, nor GRUB's environment
 * block, which holds GRUB's own state and the flags safeup sets for this very rollback.
 */
final class BootPutBack {
  /** The files a boot of this system loads: a newer one belongs to the system rolled back. */
  private static final Pattern KERNEL_FILE =
      Pattern.compile(
          "(^|.*/)(vmlinuz-[^/]+|initramfs-[^/]+\\.img|[^/]+-ucode\\.img)|.*/EFI/Linux/[^/]+\\.efi");

  private final BootSave save;
  private final FileGateway files;

  BootPutBack(BootSave save) {
    this.save = save;
    this.files = save.files();
  }

  /**
   * What a restore does now.
   *
   * @param puts the saved entries written back, parents first
   * @param removals the paths the update added, removed deepest first
   * @param changedSince paths the update changed and something changed again since: left as they
   *     are
   * @param elsewhere paths now on a filesystem mounted since the save: left as they are
   */
  record Plan(
      List<Entry> puts, List<String> removals, List<String> changedSince, List<String> elsewhere) {
    /** The bytes written: every saved file put back. */
    long bytesWritten() {
      return puts.stream().filter(e -> e.type() == 'F').mapToLong(Entry::size).sum();
    }

    /**
     * The room the writes into saved directory {@code top} need on its filesystem: each file is
     * copied beside the one it replaces before the rename.
     */
    long roomNeeded(String top, BootSave save) {
      long created = 0;
      long largest = 0;
      List<String> tops = save.tops();
      for (Entry entry : puts) {
        if (entry.type() == 'F' && BootTree.owner(entry.path(), tops).equals(top)) {
          boolean replaces = Files.exists(save.placeOf(entry.path()), LinkOption.NOFOLLOW_LINKS);
          created += replaces ? 0 : entry.size();
          largest = Math.max(largest, replaces ? entry.size() : 0);
        }
      }
      return created + largest;
    }
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
    requireSameFilesystems();
    return entries;
  }

  /** A saved directory goes back only onto the filesystem it was saved from. */
  private void requireSameFilesystems() {
    for (Map.Entry<String, String> saved : save.filesystems().entrySet()) {
      Path dir = save.placeOf(saved.getKey());
      String now;
      try {
        now = Files.isDirectory(dir) ? BootTree.filesystem(dir) : "nothing";
      } catch (IOException e) {
        now = "unreadable (" + e.getMessage() + ")";
      }
      if (!now.equals(saved.getValue())) {
        throw new SafeupException(
            ExitCode.ROLLBACK_REFUSED,
            save.pacmanRoot().resolve(saved.getKey())
                + " was on "
                + saved.getValue()
                + " when it was saved and is on "
                + now
                + " now, so putting it back could overwrite another filesystem; nothing was"
                + " merged. Mount "
                + saved.getValue().split(" ")[0]
                + " there again and run 'safeup rollback' again, or roll back with"
                + " --without-boot");
      }
    }
  }

  /** What {@link #run} would do now. */
  Plan plan() {
    try {
      return planFromThreeStates();
    } catch (IOException | UncheckedIOException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED, "reading /boot failed: " + BootSave.message(e));
    }
  }

  private Plan planFromThreeStates() throws IOException {
    Map<String, Entry> before = UpdateFootprint.byPath(save.manifest());
    Optional<Map<String, Entry>> left = UpdateFootprint.read(save);
    Collection<String> paths =
        new TreeSet<>(
            left.isPresent()
                ? left.get().keySet()
                : UpdateFootprint.pathsNowOrBefore(save, before));
    paths.remove(GrubEnvironment.FILE); // GRUB's own state, and safeup's flags: never put back
    List<String> tops = save.tops();
    List<Entry> puts = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    List<String> changedSince = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (String path : paths) {
      Entry saved = before.getOrDefault(path, Entry.absent(path));
      Path place = save.placeOf(path);
      if (saved.matches(place)) {
        continue;
      }
      if (!onSavedFilesystem(path, tops)) {
        elsewhere.add(path);
        continue;
      }
      Entry byUpdate = left.map(m -> m.get(path)).orElse(null);
      if (byUpdate != null && !byUpdate.matches(place) && !KERNEL_FILE.matcher(path).matches()) {
        changedSince.add(path);
        continue;
      }
      if (saved.isAbsent()) {
        removals.add(0, path);
      } else {
        puts.add(saved);
      }
    }
    return new Plan(puts, removals, changedSince, elsewhere);
  }

  /**
   * True when {@code path} is on the filesystem of its saved directory: its parent (or, for a
   * directory, itself) is not a filesystem mounted below it since.
   */
  private boolean onSavedFilesystem(String path, List<String> tops) throws IOException {
    String owner = BootTree.owner(path, tops);
    if (owner.isEmpty() || owner.equals(path)) {
      return !owner.isEmpty();
    }
    Path top = save.placeOf(owner);
    Path place = save.placeOf(path);
    Path nearest = Files.isDirectory(place, LinkOption.NOFOLLOW_LINKS) ? place : place.getParent();
    while (!Files.exists(nearest, LinkOption.NOFOLLOW_LINKS)) {
      nearest = nearest.getParent();
    }
    return device(nearest).equals(device(top));
  }

  private static Object device(Path path) throws IOException {
    return Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Carries out {@code plan}: each saved file through a copy, a flush and a rename, read back
   * against the saved copy; what the update added goes, a directory only once it is empty.
   *
   * @return the paths left as they are: directories the update added that hold other files
   */
  List<String> run(Plan plan) {
    List<String> notEmpty = new ArrayList<>();
    try {
      for (Entry entry : plan.puts()) {
        put(entry);
      }
      for (String path : plan.removals()) {
        Path place = save.placeOf(path);
        try {
          files.delete(place);
        } catch (DirectoryNotEmptyException e) {
          notEmpty.add(path);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED, "restoring /boot failed: " + BootSave.message(e));
    }
    return notEmpty;
  }

  private void put(Entry entry) throws IOException {
    Path target = save.placeOf(entry.path());
    boolean directory = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
    switch (entry.type()) {
      case 'D' -> {
        files.delete(target);
        files.createDirectories(target);
      }
      case 'L' -> {
        if (directory) {
          files.deleteTree(target);
        } else {
          files.delete(target);
        }
        files.createLink(target, entry.target());
      }
      default -> {
        if (directory) {
          files.deleteTree(target);
        }
        files.replace(save.copyOf(entry), target);
      }
    }
  }
}
