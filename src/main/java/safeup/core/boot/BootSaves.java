package safeup.core.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.Machine;

/**
 * The copies of /boot in {@code /var/lib/safeup/boot}: one taken before a set, those of sets that
 * are gone removed, and what a copy would take now, for {@code safeup doctor}.
 */
public final class BootSaves {
  private BootSaves() {}

  /**
   * Copies /boot (and /efi) before the snapshots, so that a rollback can put back the kernel that
   * matches the old modules; first removes the copies of sets that are gone (there is no set now).
   */
  public static Optional<BootSave> saveBeforeSnapshots(
      Machine machine, Console console, Path pacmanRoot, String setId) {
    BootSave save = BootSave.of(machine, pacmanRoot, setId);
    try {
      removeOrphans(machine, pacmanRoot, List.of());
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
    console.detail(summary.entries() + " entries, " + Sizes.human(summary.bytes()));
    return Optional.of(save);
  }

  /**
   * Removes the saves of sets that no longer exist: after a rollback the merged root brings back
   * the save taken before its snapshots.
   *
   * @return the saves removed
   */
  static List<Path> removeOrphans(Machine machine, Path pacmanRoot, List<String> setIds) {
    Path home = machine.host().onDisk(pacmanRoot.resolve(BootSave.HOME));
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(home)) {
      return removed;
    }
    try (Stream<Path> saves = Files.list(home)) {
      for (Path save : saves.toList()) {
        if (!setIds.contains(save.getFileName().toString())) {
          machine.files().deleteTree(save);
          removed.add(pacmanRoot.resolve(BootSave.HOME).resolve(save.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + home, e);
    }
    return removed;
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
      return free - bytes >= BootSave.RESERVE;
    }
  }

  /** What copying /boot (and /efi) below {@code pacmanRoot} would take now. */
  public static Estimate estimate(Machine machine, Path pacmanRoot) {
    BootSave save = BootSave.of(machine, pacmanRoot, "estimate");
    List<String> dirs = save.present();
    try {
      return new Estimate(
          dirs.stream().map(pacmanRoot::resolve).toList(),
          save.bytesIn(dirs),
          save.freeWhereSaved());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
