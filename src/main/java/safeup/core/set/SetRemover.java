package safeup.core.set;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootSave;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.lvm.VolumeName;
import safeup.process.ProgramNotFoundException;

/**
 * Removes a snapshot set's snapshots (lvremove) and its copy of /boot: when the update is kept,
 * when it protects nothing, or when making it was given up.
 */
public final class SetRemover {
  static final int ATTEMPTS = 3;
  private static final Duration PAUSE = Duration.ofSeconds(1);

  private final Machine machine;
  private final Console console;

  public SetRemover(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Removes the set's snapshots, each checked to be safeup's own, then its copy of /boot. */
  public void remove(SnapshotSet set) {
    List<String> removed = new ArrayList<>();
    for (LogicalVolume snapshot : set.snapshots()) {
      SnapshotSets.requireOurs(snapshot);
      try {
        removeRetryingWhileInUse(snapshot.name());
      } catch (LvmException | ProgramNotFoundException e) {
        throw new SafeupException(
            ExitCode.DECISION_FAILED,
            e.getMessage()
                + (removed.isEmpty()
                    ? ""
                    : " (already removed: " + String.join(", ", removed) + ")")
                + "; fix the cause and run 'safeup keep' again");
      }
      removed.add(snapshot.name().toString());
      console.detail("removed " + snapshot.name());
    }
    set.bootSave().ifPresent(this::discardBootSave);
  }

  /**
   * Removes one snapshot. A snapshot is often held open for a moment by someone else (udev probing
   * a volume just made, a backup finishing): LVM then says it is in use, and the removal is tried
   * again, {@value #ATTEMPTS} times in all, a second apart.
   */
  private void removeRetryingWhileInUse(VolumeName snapshot) {
    for (int attempt = 1; ; attempt++) {
      try {
        machine.lvm().remove(snapshot);
        return;
      } catch (LvmException e) {
        if (attempt == ATTEMPTS || !e.getMessage().contains("in use")) {
          throw attempt == ATTEMPTS
              ? new LvmException(
                  e.getMessage()
                      + " (tried "
                      + ATTEMPTS
                      + " times; 'fuser -vm /dev/"
                      + snapshot
                      + "' shows who holds it)")
              : e;
        }
        console.detail(snapshot + " is in use; trying again in a second");
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The copy of /boot goes with its set; one left over is removed by a later run. */
  public void discardBootSave(Path save) {
    try {
      BootSave.at(machine, save).discard();
      console.detail("removed the copy of /boot in " + save);
    } catch (RuntimeException e) {
      console.warning(e.getMessage() + "; safeup removes it on its next update");
    }
  }
}
