package safeup.core.unattended;

import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootSave;

/**
 * {@code safeup hook settled}, run by pacman's post-transaction hook after the others (the
 * initramfs is built by then): records what the transaction left in /boot for the pending set that
 * protected it, so that a rollback puts back those files and leaves alone what another system
 * writes to a shared /boot later. The first transaction a set covers is recorded; later ones are
 * counted as changes of this system only where they touch the same files. It never fails the
 * transaction, which has happened.
 */
public final class HookSettled {
  private final Machine machine;
  private final Console console;

  public HookSettled(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Records it for the newest pending set with a copy of /boot, unless it was recorded. */
  public void record() {
    try {
      List<SnapshotSet> sets = SnapshotSets.of(machine.listVolumes(), machine.machineId());
      Optional<SnapshotSet> latest =
          sets.stream().filter(set -> set.bootSave().isPresent()).reduce((a, b) -> b);
      latest.ifPresent(this::record);
    } catch (RuntimeException e) {
      console.warning(
          "safeup: "
              + e.getMessage()
              + "; a rollback will put back every difference from the copy of /boot");
    }
  }

  private void record(SnapshotSet set) {
    BootSave save = BootSave.at(machine, set.bootSave().orElseThrow());
    save.recordFootprint()
        .ifPresent(
            changed ->
                console.line(
                    "safeup: "
                        + changed
                        + " entries of /boot changed under snapshot set "
                        + set.id()
                        + "; a rollback puts back those and leaves the rest alone"));
  }
}
