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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.files.FileGateway;

/**
 * A copy of /boot (and /efi) taken just before a set's snapshots, in {@code
 * /var/lib/safeup/boot/SET} on pacman's root, so that a rollback can put back the kernel and
 * initramfs that match the old modules. A separate /boot (a vfat ESP) is in no snapshot; one inside
 * a snapshotted volume is read by the boot loader, which knows nothing of merges, before the merge
 * brings it back. Taken before the snapshots, the copy costs no snapshot space.
 *
 * <p>{@value #MANIFEST} lists every entry with its SHA-256 and is written last: a save without it
 * is incomplete.
 */
public final class BootSave {
  static final String HOME = "var/lib/safeup/boot";
  static final String MANIFEST = "MANIFEST";
  private static final String FILES = "files";

  /** Kept free on the root filesystem after the save, for pacman. */
  static final long RESERVE = 256L * 1024 * 1024;

  /** One entry of a saved tree: a file (with its digest), a directory or a symbolic link. */
  record Entry(char type, String digest, long size, String target, String path) {
    String line() {
      return type + "\t" + digest + "\t" + size + "\t" + target + "\t" + path;
    }

    static Entry parse(String line) {
      String[] f = line.split("\t", 5);
      if (f.length != 5 || f[0].length() != 1) {
        throw new IllegalArgumentException("bad manifest line: " + line);
      }
      return new Entry(f[0].charAt(0), f[1], Long.parseLong(f[2]), f[3], f[4]);
    }
  }

  private final Path system;
  private final Path systemRoot;
  private final Path disk;
  private final Path root;
  private final FileGateway files;

  /**
   * @param system where the save is, as the running system names it
   * @param systemRoot pacman's root, which the saved paths are relative to
   */
  private BootSave(Path system, Path systemRoot, Machine machine) {
    this.system = system;
    this.systemRoot = systemRoot;
    this.disk = machine.host().onDisk(system);
    this.root = machine.host().onDisk(systemRoot);
    this.files = machine.files();
  }

  /** The save of set {@code setId} for pacman's root {@code pacmanRoot}. */
  static BootSave of(Machine machine, Path pacmanRoot, String setId) {
    return new BootSave(pacmanRoot.resolve(HOME).resolve(setId), pacmanRoot, machine);
  }

  /**
   * Copies /boot (and /efi) before the snapshots, so that a rollback can put back the kernel that
   * matches the old modules; first removes the copies of sets that are gone (there is no set now).
   */
  public static Optional<BootSave> saveBeforeSnapshots(
      Machine machine, Console console, Path pacmanRoot, String setId) {
    BootSave save = BootSave.of(machine, pacmanRoot, setId);
    try {
      BootSave.removeOrphans(machine, pacmanRoot, List.of());
    } catch (RuntimeException e) {
      console.warning(e.getMessage());
    }
    List<String> dirs = save.present();
    if (dirs.isEmpty()) {
      return Optional.empty();
    }
    console.step(
        "Saving "
            + String.join(
                " and ", dirs.stream().map(d -> pacmanRoot.resolve(d).toString()).toList())
            + " to "
            + save.location());
    BootSave.Summary summary = save.save(dirs);
    console.detail(summary.entries() + " entries, " + safeup.console.Sizes.human(summary.bytes()));
    return Optional.of(save);
  }

  /** The save a set's tag points at ({@link SafeupTags#BOOT}). */
  public static BootSave at(Machine machine, Path system) {
    Path pacmanRoot = system;
    for (int i = 0; i < Path.of(HOME).getNameCount() + 1 && pacmanRoot.getParent() != null; i++) {
      pacmanRoot = pacmanRoot.getParent();
    }
    return new BootSave(system, pacmanRoot, machine);
  }

  /**
   * Removes the saves of sets that no longer exist: after a rollback the merged root brings back
   * the save taken before its snapshots.
   *
   * @return the saves removed
   */
  static List<Path> removeOrphans(Machine machine, Path pacmanRoot, List<String> setIds) {
    Path home = machine.host().onDisk(pacmanRoot.resolve(HOME));
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(home)) {
      return removed;
    }
    try (Stream<Path> saves = Files.list(home)) {
      for (Path save : saves.toList()) {
        if (!setIds.contains(save.getFileName().toString())) {
          machine.files().deleteTree(save);
          removed.add(pacmanRoot.resolve(HOME).resolve(save.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + home, e);
    }
    return removed;
  }

  /** pacman's root, which the saved paths are relative to. */
  Path pacmanRoot() {
    return systemRoot;
  }

  /** Where the save is, as the running system names it. */
  public Path location() {
    return system;
  }

  /** The directories saved, as the running system names them ({@code /boot}). */
  List<Path> savedDirs() {
    return topDirs(manifest()).stream().map(systemRoot::resolve).toList();
  }

  /** The boot directories below the root that hold anything: {@code boot}, {@code efi}. */
  List<String> present() {
    List<String> dirs = new ArrayList<>();
    for (String dir : List.of("boot", "efi")) {
      Path path = root.resolve(dir);
      try (Stream<Path> entries = Files.isDirectory(path) ? Files.list(path) : Stream.empty()) {
        if (entries.findAny().isPresent()) {
          dirs.add(dir);
        }
      } catch (IOException e) {
        throw new SafeupException(
            ExitCode.REFUSED, "cannot read " + path + ": " + e.getMessage() + "; check it");
      }
    }
    return dirs;
  }

  /**
   * What copying /boot before an update takes, for {@code safeup doctor}.
   *
   * @param dirs the directories copied, as the running system names them
   * @param bytes their files' total size
   * @param free the free space where the copy goes
   */
  public record Estimate(List<Path> dirs, long bytes, long free) {
    /** True when an update would not be refused for want of room. */
    public boolean fits() {
      return free - bytes >= RESERVE;
    }
  }

  /** What copying /boot (and /efi) below {@code pacmanRoot} would take now. */
  public static Estimate estimate(Machine machine, Path pacmanRoot) {
    BootSave save = of(machine, pacmanRoot, "estimate");
    List<String> dirs = save.present();
    long bytes = 0;
    try {
      for (String dir : dirs) {
        try (Stream<Path> walk = Files.walk(save.root.resolve(dir))) {
          for (Path p :
              walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
            bytes += Files.size(p);
          }
        }
      }
      long free = Files.getFileStore(nearestExisting(save.disk.getParent())).getUsableSpace();
      return new Estimate(dirs.stream().map(pacmanRoot::resolve).toList(), bytes, free);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies {@code dirs} and writes the manifest; refuses when the root has no room for it. */
  Summary save(List<String> dirs) {
    try {
      List<Path> sources = new ArrayList<>();
      for (String dir : dirs) {
        try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
          walk.sorted().forEach(sources::add);
        }
      }
      long bytes = 0;
      for (Path source : sources) {
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          bytes += Files.size(source);
        }
      }
      requireRoom(bytes);
      files.createDirectories(disk.resolve(FILES));
      restrict(disk);
      StringBuilder manifest = new StringBuilder();
      for (Path source : sources) {
        String path = root.relativize(source).toString();
        if (path.contains("\n") || path.contains("\t")) {
          throw new IOException(source + ": a name with a tab or newline cannot be saved");
        }
        Path copy = disk.resolve(FILES).resolve(path);
        manifest.append(copyEntry(source, copy, path).line()).append('\n');
      }
      files.write(
          disk.resolve(MANIFEST), manifest.toString().getBytes(StandardCharsets.UTF_8), null);
      return new Summary(sources.size(), bytes);
    } catch (IOException | UncheckedIOException e) {
      discard();
      throw new SafeupException(
          ExitCode.REFUSED,
          "cannot save /boot to "
              + system
              + ": "
              + message(e)
              + "; nothing was changed: fix the cause and run safeup again");
    }
  }

  /** How much was saved. */
  record Summary(int entries, long bytes) {}

  private void requireRoom(long bytes) throws IOException {
    long free = Files.getFileStore(nearestExisting(disk.getParent())).getUsableSpace();
    if (free - bytes < RESERVE) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "the filesystem holding "
              + system.getParent()
              + " has "
              + safeup.console.Sizes.human(free)
              + " free; saving /boot there needs "
              + safeup.console.Sizes.human(bytes)
              + " and leaves at least "
              + safeup.console.Sizes.human(RESERVE)
              + " for pacman. Free space on it (pacman -Sc cleans the package cache), or remove"
              + " old kernels from /boot");
    }
  }

  /**
   * Copies one entry. A file's digest is taken from the source, just before it is copied; {@link
   * #requireIntact} checks the copy against it before any rollback uses it.
   */
  private Entry copyEntry(Path source, Path copy, String path) throws IOException {
    if (Files.isSymbolicLink(source)) {
      files.createDirectories(copy.getParent());
      String target = Files.readSymbolicLink(source).toString();
      files.createLink(copy, target);
      return new Entry('L', "", 0, target, path);
    }
    if (Files.isDirectory(source)) {
      files.createDirectories(copy);
      return new Entry('D', "", 0, "", path);
    }
    files.createDirectories(copy.getParent());
    String digest = digest(source);
    long size = Files.size(source);
    files.copy(source, copy);
    return new Entry('F', digest, size, "", path);
  }

  private static Path nearestExisting(Path path) {
    Path existing = path;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing;
  }

  /** True when the save exists and is complete (its manifest was written). */
  boolean complete() {
    return Files.isRegularFile(disk.resolve(MANIFEST));
  }

  /**
   * Checks every saved file against the manifest; a refusal, naming the first damaged file, when
   * the save cannot be trusted.
   */
  List<Entry> requireIntact() {
    if (!complete()) {
      throw new SafeupException(
          ExitCode.ROLLBACK_REFUSED,
          "the copy of /boot saved before the update ("
              + system
              + ") is missing or incomplete, so the kernel and initramfs that match the old"
              + " modules cannot be put back; nothing was merged. Restore that directory, or roll"
              + " back with --without-boot and reinstall the kernel packages after the reboot");
    }
    List<Entry> entries = manifest();
    for (Entry entry : entries) {
      Path copy = disk.resolve(FILES).resolve(entry.path());
      boolean intact =
          switch (entry.type()) {
            case 'F' -> Files.isRegularFile(copy) && digestOrEmpty(copy).equals(entry.digest());
            case 'D' -> Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS);
            default -> Files.isSymbolicLink(copy);
          };
      if (!intact) {
        throw new SafeupException(
            ExitCode.ROLLBACK_REFUSED,
            "the saved copy of /"
                + entry.path()
                + " in "
                + system
                + " is damaged or missing; nothing was merged. Roll back with --without-boot and"
                + " reinstall the kernel packages after the reboot");
      }
    }
    return entries;
  }

  /** The bytes a restore would write: the saved files that differ from those in place. */
  long bytesToRestore() {
    long bytes = 0;
    for (Entry entry : manifest()) {
      if (entry.type() == 'F' && !sameFile(entry, root.resolve(entry.path()))) {
        bytes += entry.size();
      }
    }
    return bytes;
  }

  /**
   * Puts the saved tree back: each changed file through a temporary file and a rename, read back
   * against the copy, then removes what the update added.
   *
   * @return how many entries were written or removed
   */
  int restore() {
    int changed = 0;
    try {
      List<Entry> entries = manifest();
      Map<String, Entry> saved = new LinkedHashMap<>();
      for (Entry entry : entries) {
        saved.put(entry.path(), entry);
        changed += put(entry) ? 1 : 0;
      }
      for (String dir : topDirs(entries)) {
        changed += removeAdded(root.resolve(dir), saved);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new SafeupException(ExitCode.DECISION_FAILED, "restoring /boot failed: " + message(e));
    }
    return changed;
  }

  private boolean put(Entry entry) throws IOException {
    Path target = root.resolve(entry.path());
    Path copy = disk.resolve(FILES).resolve(entry.path());
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
        if (sameFile(entry, target)) {
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
      walk.filter(p -> !saved.containsKey(root.relativize(p).toString())).forEach(added::add);
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

  private static List<String> topDirs(List<Entry> entries) {
    return entries.stream().map(Entry::path).filter(p -> !p.contains("/")).distinct().toList();
  }

  /** Deletes the save. */
  public void discard() {
    try {
      files.deleteTree(disk);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + system, e);
    }
  }

  private List<Entry> manifest() {
    try {
      return Files.readAllLines(disk.resolve(MANIFEST), StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isEmpty())
          .map(Entry::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + system.resolve(MANIFEST), e);
    }
  }

  private static boolean sameFile(Entry entry, Path target) {
    try {
      return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
          && Files.size(target) == entry.size()
          && digest(target).equals(entry.digest());
    } catch (IOException e) {
      return false;
    }
  }

  private static String digestOrEmpty(Path file) {
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

  private void restrict(Path dir) {
    try {
      files.setMode(dir, "rwx------");
    } catch (IOException | UnsupportedOperationException e) {
      // an initramfs may hold keys: best effort where the filesystem has permissions
    }
  }

  private static String message(Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    String text = cause.getMessage();
    return cause.getClass().getSimpleName().equals("NoSuchFileException")
        ? "no such file " + text
        : text == null ? cause.toString() : text;
  }
}
