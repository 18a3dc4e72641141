package safeup.core.unattended;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.BootPutBackRecord;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootMenuFlag;
import safeup.core.decision.FinishedRollbacks;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;

/**
 * {@code safeup boot snapshot}, run by {@code safeup-snapshot.service} during a snapshot boot: a
 * set of the volumes an update would snapshot, tagged as taken at boot, so that {@code status},
 * {@code keep}, {@code rollback}, {@code mount} and {@code backup} handle it like any other.
 */
public final class BootSnapshot {
  /** The reason tag of a set taken at boot. */
  public static final String REASON = "boot";

  private final Machine machine;
  private final Config config;
  private final Path configFile;
  private final Console console;

  public BootSnapshot(Machine machine, Config config, Path configFile, Console console) {
    this.machine = machine;
    this.config = config;
    this.configFile = configFile;
    this.console = console;
  }

  /** Names the command that finishes a rollback that merged before /boot was put back. */
  private boolean unfinishedRollbackNamed(List<LogicalVolume> volumes, List<SnapshotSet> sets) {
    for (BootPutBackRecord unfinished :
        BootPutBackRecord.withoutSet(volumes, sets, machine.machineId())) {
      console.error(
          "the rollback to snapshot set "
              + unfinished.setId()
              + " merged, but /boot was not put back: this boot may run the new kernel over the"
              + " old modules, and takes no set. Run '"
              + unfinished.finishingCommand()
              + "' to finish it, or choose the boot menu's rollback entry");
      return true;
    }
    return false;
  }

  /**
   * Takes the set, unless one is pending: then says so and takes none (a second set would be
   * refused by the next update anyway, and the first one is what a rollback would want).
   *
   * @return the set taken, if one was
   */
  public Optional<String> take() {
    machine.requireRoot("snapshot volumes");
    try (RunLock lock = machine.lockRun()) {
      List<LogicalVolume> volumes = machine.listVolumes();
      new FinishedRollbacks(machine, console).record(volumes);
      List<SnapshotSet> pending = SnapshotSets.of(volumes, machine.machineId());
      if (unfinishedRollbackNamed(volumes, pending)) {
        return Optional.empty();
      }
      if (!pending.isEmpty()) {
        SnapshotSet set = pending.get(pending.size() - 1);
        console.line(
            "Snapshot set "
                + set.id()
                + " is still pending ("
                + set.state()
                + "), so this boot takes no set; decide it first: "
                + set.next());
        return Optional.empty();
      }
      String setId =
          new UnattendedSet(machine, config, configFile, console)
              .take(
                  volumes,
                  "",
                  REASON,
                  (id, paths) ->
                      new BootMenuFlag(machine, console, paths.root()).set(id, config.trialBoots()),
                  "");
      console.success(
          "Boot snapshot set "
              + setId
              + " taken. Keep it with 'safeup keep "
              + setId
              + "', back it up with 'safeup backup', or return to it with 'safeup rollback "
              + setId
              + "'.");
      return Optional.of(setId);
    }
  }
}
