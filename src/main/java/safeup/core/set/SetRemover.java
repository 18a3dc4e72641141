package safeup.core.set;

import java.nio.file.Path;
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
import safeup.process.ProgramNotFoundException;

/**
 * Removes a snapshot set's snapshots (lvremove) and its copy of /boot: when the update is kept,
 * when it protects nothing, or when making it was given up.
 */
public final class SetRemover {
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
        machine.lvm().remove(snapshot.name());
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
