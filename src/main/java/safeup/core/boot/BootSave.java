package safeup.core.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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

  private final Path system;
  private final Path systemRoot;
  private final Path disk;
  private final Path root;
  private final FileGateway files;

  /**
   * @param system where the save is, as the running system names it
   * @param systemRoot pacman's root, which the saved paths are relative to
   */
  BootSave(Path system, Path systemRoot, Machine machine) {
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

  /** The save a set's tag points at ({@link SafeupTags#BOOT}). */
  public static BootSave at(Machine machine, Path system) {
    Path pacmanRoot = system;
    for (int i = 0; i < Path.of(HOME).getNameCount() + 1 && pacmanRoot.getParent() != null; i++) {
      pacmanRoot = pacmanRoot.getParent();
    }
    return new BootSave(system, pacmanRoot, machine);
  }

  /** pacman's root, which the saved paths are relative to. */
  Path pacmanRoot() {
    return systemRoot;
  }

  /** Checks every saved file against the manifest (see {@link BootPutBack#requireIntact}). */
  List<BootManifest.Entry> requireIntact() {
    return new BootPutBack(this).requireIntact();
  }

  /** Where the save is, as the running system names it. */
  public Path location() {
    return system;
  }

  /** The directories saved, as the running system names them ({@code /boot}). */
  List<Path> savedDirs() {
    return tops().stream().map(systemRoot::resolve).toList();
  }

  /**
   * The directories saved, each a filesystem of its own, relative to the root: {@code boot}, {@code
   * boot/efi}, {@code efi}.
   */
  List<String> tops() {
    Map<String, String> filesystems = filesystems();
    return filesystems.isEmpty()
        ? BootManifest.topDirs(manifest())
        : List.copyOf(filesystems.keySet());
  }

  /** The boot directories below the root that hold anything: {@code boot}, {@code efi}. */
  List<String> present() {
    return BootTree.present(root);
  }

  /** The total size of the files in {@code dirs}. */
  long bytesIn(List<String> dirs) throws IOException {
    return BootTree.bytesIn(root, dirs);
  }

  /** The free space on the filesystem holding {@code dir}, as the running system names it. */
  long freeOn(Path dir) throws IOException {
    return Files.getFileStore(root.resolve(systemRoot.relativize(dir).toString())).getUsableSpace();
  }

  /** The free space on the filesystem the copy goes to. */
  long freeWhereSaved() throws IOException {
    return Files.getFileStore(nearestExisting(disk.getParent())).getUsableSpace();
  }

  /**
   * Copies {@code dirs} (each walked on its own filesystem; see {@link #present}) and writes the
   * manifest; refuses when the root has no room for it.
   */
  Summary save(List<String> dirs) {
    try {
      TreeSet<Path> walked = new TreeSet<>();
      for (String dir : dirs) {
        walked.addAll(BootTree.walk(root.resolve(dir)));
      }
      List<Path> sources = List.copyOf(walked);
      long bytes = BootTree.bytesOf(sources);
      requireRoom(bytes);
      files.createDirectories(disk.resolve(FILES));
      restrict(disk);
      String manifest = copyAll(sources);
      files.write(disk.resolve(SavedFilesystems.FILE), SavedFilesystems.of(root, dirs), null);
      files.write(disk.resolve(MANIFEST), manifest.getBytes(StandardCharsets.UTF_8), null);
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
    long free = freeWhereSaved();
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

  /** Copies every entry; returns the manifest's lines. */
  private String copyAll(List<Path> sources) throws IOException {
    StringBuilder manifest = new StringBuilder();
    for (Path source : sources) {
      String path = root.relativize(source).toString();
      if (path.contains("\n") || path.contains("\t")) {
        throw new IOException(source + ": a name with a tab or newline cannot be saved");
      }
      Path copy = disk.resolve(FILES).resolve(path);
      manifest.append(copyEntry(source, copy, path).line()).append('\n');
    }
    return manifest.toString();
  }

  /**
   * Copies one entry. A file's digest is taken from the source, just before it is copied; {@link
   * #requireIntact} checks the copy against it before any rollback uses it.
   */
  private BootManifest.Entry copyEntry(Path source, Path copy, String path) throws IOException {
    if (Files.isSymbolicLink(source)) {
      files.createDirectories(copy.getParent());
      String target = Files.readSymbolicLink(source).toString();
      files.createLink(copy, target);
      return new BootManifest.Entry('L', "", 0, target, path);
    }
    if (Files.isDirectory(source)) {
      files.createDirectories(copy);
      return new BootManifest.Entry('D', "", 0, "", path);
    }
    files.createDirectories(copy.getParent());
    String digest = BootManifest.digest(source);
    long size = Files.size(source);
    files.copy(source, copy);
    return new BootManifest.Entry('F', digest, size, "", path);
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

  /** Deletes the save. */
  public void discard() {
    try {
      files.deleteTree(disk);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + system, e);
    }
  }

  /** The manifest's entries. */
  List<BootManifest.Entry> manifest() {
    return BootManifest.read(disk.resolve(MANIFEST), system.resolve(MANIFEST));
  }

  /** A file of the save, on the disk. */
  Path fileOnDisk(String name) {
    return disk.resolve(name);
  }

  /** The filesystem each saved directory was on (see {@link SavedFilesystems}). */
  Map<String, String> filesystems() {
    return SavedFilesystems.read(
        disk.resolve(SavedFilesystems.FILE), system.resolve(SavedFilesystems.FILE));
  }

  /** Records what the update left (see {@link UpdateFootprint}). */
  public Optional<Integer> recordFootprint() {
    return UpdateFootprint.record(this);
  }

  /** Where the copy of saved directory {@code top} is, from pacman's root: {@code /var/...}. */
  String copyOfTop(String top) {
    return "/" + systemRoot.relativize(system.resolve(FILES).resolve(top));
  }

  /** Where the saved copy of {@code entry} is. */
  Path copyOf(BootManifest.Entry entry) {
    return disk.resolve(FILES).resolve(entry.path());
  }

  /** Where {@code entry} belongs on this system. */
  Path placeOf(String path) {
    return root.resolve(path);
  }

  /** Where a path below the root is, relative to it. */
  String relative(Path path) {
    return root.relativize(path).toString();
  }

  FileGateway files() {
    return files;
  }

  private void restrict(Path dir) {
    try {
      files.setMode(dir, "rwx------");
    } catch (IOException | UnsupportedOperationException e) {
      // an initramfs may hold keys: best effort where the filesystem has permissions
    }
  }

  static String message(Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    String text = cause.getMessage();
    return cause.getClass().getSimpleName().equals("NoSuchFileException")
        ? "no such file " + text
        : text == null ? cause.toString() : text;
  }
}
