package safeup.core.decision;

import java.util.List;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.BootPutBackRecord;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.boot.BootMenuFlag;
import safeup.core.boot.BootPutBackFlag;
import safeup.core.boot.BootRestore;
import safeup.core.boot.BootSave;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.process.ProgramNotFoundException;

/**
 * The /boot put back of a rollback, recorded in the volume group's tags ({@link BootPutBackRecord})
 * from before the first merge until /boot is on the disk, and finished from that record when a
 * reboot completed the merge first (a power cut, a kill): the set's snapshots are gone then, and
 * the copy of /boot, taken before them, is on the merged root.
 */
public final class UnfinishedBootPutBack {
  private final Machine machine;
  private final Config config;
  private final Console console;

  public UnfinishedBootPutBack(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  /** Writes the record for {@code set}, before its first merge; refuses when it cannot. */
  BootPutBackRecord record(SnapshotSet set, BootSave save) {
    LogicalVolume first = set.snapshots().get(0);
    BootPutBackRecord record =
        new BootPutBackRecord(set.id(), first.name().vg(), machine.machineId(), save.location());
    if (set.bootPutBackPending()) {
      return record;
    }
    try {
      machine.lvm().addGroupTags(record.vg(), record.tags());
    } catch (LvmException | ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          e.getMessage() + "; nothing was merged: fix the cause and run 'safeup rollback' again");
    }
    return record;
  }

  /** /boot is back on the disk: the record goes. */
  void remove(BootPutBackRecord record) {
    List<String> tags =
        machine.listVolumes().stream()
            .filter(lv -> lv.name().vg().equals(record.vg()))
            .findFirst()
            .map(lv -> record.tagsIn(lv.vgTags()))
            .orElse(record.tags());
    try {
      machine.lvm().removeGroupTags(record.vg(), tags);
    } catch (LvmException | ProgramNotFoundException e) {
      console.warning(
          e.getMessage()
              + "; /boot is back, but volume group "
              + record.vg()
              + " still says it is to be put back: run '"
              + record.finishingCommand()
              + "' again before rebooting");
    }
  }

  /**
   * Finishes a rollback whose merge completed before /boot was put back: puts it back from the copy
   * the record names, removes the record and, if asked, reboots into the old kernel.
   */
  public void finish(BootPutBackRecord record, boolean reboot) {
    console.step(
        "Finishing the rollback of snapshot set "
            + record.setId()
            + ": its merge is complete, but /boot was not put back");
    BootSave save = BootSave.at(machine, record.save());
    BootRestore restore = new BootRestore(machine, console);
    HeldSignals held = HeldSignals.hold(machine, console, "/boot is put back first");
    restore.requireReady(save);
    restore.restore(save);
    BootPutBackFlag.of(machine, console, save).clear();
    BootMenuFlag.of(machine, console, save).clear(); // its set is gone
    remove(record);
    held.endIfAsked("reboot to start the old kernel");
    if (!reboot) {
      console.success(
          "/boot is put back: the old kernel matches the system now. Reboot now to start it.");
      return;
    }
    console.success("/boot is put back; rebooting into the old kernel.");
    new Reboot(machine, config).now("/boot is put back: reboot by hand to start the old kernel");
  }
}
