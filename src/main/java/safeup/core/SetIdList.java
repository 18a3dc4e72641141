package safeup.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import safeup.lvm.LogicalVolume;

/**
 * The ids of this machine's snapshot sets, one a line, in {@code /run/safeup/set-ids}, readable by
 * every user: what the shell completions offer without starting a JVM, and without root (so that
 * {@code sudo safeup keep <TAB>} completes). It lives on a tmpfs: after a reboot it is absent until
 * safeup next runs, and the completions then ask {@code safeup status --json} instead.
 */
public final class SetIdList {
  /** Where the list is. */
  public static final Path FILE = Path.of("/run/safeup/set-ids");

  private SetIdList() {}

  /**
   * Rewrites the file in one rename from {@code current}, the volumes as they are now, or from a
   * new listing when that is not known. Best effort: when the sets cannot be listed the file is
   * removed rather than left wrong, and nothing here fails a command.
   */
  public static void refresh(Machine machine, Optional<List<LogicalVolume>> current) {
    Path file = machine.host().onDisk(FILE);
    try {
      List<LogicalVolume> volumes = current.isPresent() ? current.get() : machine.listVolumes();
      List<String> ids =
          SnapshotSets.of(volumes, machine.machineId()).stream().map(SnapshotSet::id).toList();
      Files.createDirectories(file.getParent());
      // named by the process, not at random: a random name would cost each command the start of
      // Java's secure random generator, and only root writes in /run/safeup
      Path next = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid());
      try {
        Files.write(next, ids);
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(next);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException gone) {
        // not root, or no /run: the completions ask safeup itself
      }
    }
  }
}
