package safeup.core.set;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
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
      machine.files().createDirectories(file.getParent());
      String text = ids.stream().map(id -> id + "\n").collect(Collectors.joining());
      machine.files().write(file, text.getBytes(StandardCharsets.UTF_8), "rw-r--r--");
    } catch (IOException | RuntimeException e) {
      try {
        machine.files().delete(file);
      } catch (IOException gone) {
        // not root, or no /run: the completions ask safeup itself
      }
    }
  }
}
