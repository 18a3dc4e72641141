package safeup.core.unattended;

import java.nio.file.Path;
import java.util.List;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.BootPutBackRecord;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootPutBackFlag;
import safeup.core.decision.FinishedRollbacks;
import safeup.core.decision.Rollback;
import safeup.core.decision.UnfinishedBootPutBack;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.process.ProgramNotFoundException;

/**
 * {@code safeup boot rollback}, run by {@code safeup-rollback.service} when the boot menu's "roll
 * back the last update" entry was chosen: rolls the newest pending set back, with /boot, and
 * reboots. A system broken by an update may not boot far enough for {@code safeup rollback}; this
 * needs only the basic system (sysinit.target). With nothing to roll back it says so and carries on
 * to the usual system.
 */
public final class BootRollback {
  private static final long MERGE_WAIT_MINUTES = 60;
  private static final long MERGE_POLL_MILLIS = 1000;

  private final Machine machine;
  private final Config config;
  private final Console console;

  public BootRollback(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  /** Rolls back and reboots; or, with nothing to roll back, starts the default target. */
  public void run() {
    machine.requireRoot("merge snapshots");
    try {
      SnapshotSet set;
      try (RunLock lock = machine.lockRun()) {
        PageCache.flush(machine.processes());
        List<LogicalVolume> volumes = volumesOnceMerged();
        new FinishedRollbacks(machine, console).record(volumes);
        List<SnapshotSet> all = SnapshotSets.of(volumes, machine.machineId());
        List<BootPutBackRecord> unfinished =
            BootPutBackRecord.withoutSet(volumes, all, machine.machineId());
        if (!unfinished.isEmpty()) {
          new UnfinishedBootPutBack(machine, config, console).finish(unfinished.get(0), true);
          return;
        }
        List<SnapshotSet> sets = all.stream().filter(SnapshotSet::mayRollBack).toList();
        if (sets.isEmpty()) {
          nothingToRollBack();
          return;
        }
        set = sets.get(sets.size() - 1);
        console.step(
            "Rolling back snapshot set "
                + set.id()
                + " ("
                + (set.reason().equals(BootSnapshot.REASON) ? "taken at boot" : set.command())
                + "), as chosen in the boot menu");
        new Rollback(machine, config, console)
            .because("chosen in the boot menu")
            .run(set, true, true);
      }
    } catch (SafeupException e) {
      console.error(e.getMessage() + "; starting the usual system instead");
      startUsualSystem();
      throw e;
    }
  }

  /**
   * At boot, activation has started every scheduled merge, and lvm2's polling ends each: waits for
   * them (up to {@value #MERGE_WAIT_MINUTES} minutes), so that a set this boot merges reads as
   * merged, and a /boot put back left unfinished is finished only over the merged root.
   */
  private List<LogicalVolume> volumesOnceMerged() {
    List<LogicalVolume> volumes = machine.listVolumes();
    long deadline = System.nanoTime() + MERGE_WAIT_MINUTES * 60_000_000_000L;
    if (merging(volumes)) {
      console.line("Waiting for the merges this boot started to complete");
    }
    while (merging(volumes) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(MERGE_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      volumes = machine.listVolumes();
    }
    if (merging(volumes)) {
      console.warning(
          "merges started at this boot are still running after "
              + MERGE_WAIT_MINUTES
              + " minutes ('lvs -a' shows them): going on without waiting for them");
    }
    return volumes;
  }

  /**
   * True while a snapshot of this system's sets is merging into an active origin; one whose merge
   * LVM aborted, or waits for an origin not activated, is not.
   */
  private boolean merging(List<LogicalVolume> volumes) {
    return SnapshotSets.of(volumes, machine.machineId()).stream()
        .flatMap(set -> set.snapshots().stream())
        .filter(lv -> lv.mergePending() && !lv.invalid())
        .anyMatch(
            lv ->
                volumes.stream()
                    .anyMatch(v -> v.name().equals(SnapshotSet.originOf(lv)) && v.active()));
  }

  private void nothingToRollBack() {
    if (BootPutBackFlag.leftOver(machine, console, Path.of("/")).clear()) {
      console.warning(
          "the boot menu's entry that finishes a rollback was still the default, with no rollback"
              + " left to finish: its flag is cleared. Reboot to start this system's own kernel");
    }
    console.line("Nothing to roll back: no snapshot set is pending. Starting the usual system.");
    startUsualSystem();
  }

  private void startUsualSystem() {
    try {
      machine.processes().change(List.of("systemctl", "--no-block", "isolate", "default.target"));
    } catch (ProgramNotFoundException e) {
      console.error("systemctl was not found: cannot start the usual system");
    }
  }
}
