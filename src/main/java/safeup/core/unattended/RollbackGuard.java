package safeup.core.unattended;

import java.util.List;
import safeup.console.Console;
import safeup.core.BootPutBackRecord;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.process.ProgramNotFoundException;

/**
 * {@code safeup hook guard}, run by pacman's first pre-transaction hook: refuses any transaction
 * while a rollback is scheduled, since the merge at the next boot would wipe out what it changes.
 */
public final class RollbackGuard {
  private final Machine machine;
  private final Console console;

  public RollbackGuard(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Refuses while a set of this system is being rolled back. When LVM cannot be asked, it warns and
   * lets pacman go on: a guard must not stop every repair.
   */
  public void check() {
    List<LogicalVolume> volumes;
    try {
      volumes = machine.lvm().volumes();
    } catch (LvmException | ProgramNotFoundException e) {
      console.warning(
          "safeup cannot tell whether a rollback is scheduled (" + e.getMessage() + ")");
      return;
    }
    requireNoRollbackScheduled(volumes, machine.host().machineId());
  }

  /**
   * Refuses when a set of this system among {@code volumes} has its merge scheduled, or its
   * rollback half done, or when a rollback merged before /boot was put back.
   */
  static void requireNoRollbackScheduled(List<LogicalVolume> volumes, String host) {
    List<SnapshotSet> sets = SnapshotSets.of(volumes, host);
    BootPutBackRecord.requireNoneUnfinished(
        volumes, sets, host, "pacman may not change anything until it is");
    for (SnapshotSet set : sets) {
      SnapshotSet.State state = set.state();
      if (state == SnapshotSet.State.MERGE_SCHEDULED
          || state == SnapshotSet.State.ROLLBACK_INTERRUPTED) {
        throw new SafeupException(
            ExitCode.REFUSED,
            "a rollback to snapshot set "
                + set.id()
                + " is under way ("
                + state
                + "): at the next boot LVM merges the snapshots back, which would undo this"
                + " transaction, so pacman may not change anything now. First: "
                + set.next()
                + "; then run pacman again");
      }
    }
  }
}
