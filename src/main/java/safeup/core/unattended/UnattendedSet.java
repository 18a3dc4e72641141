package safeup.core.unattended;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.boot.BootSave;
import safeup.core.boot.BootSaves;
import safeup.core.set.PlannedSnapshot;
import safeup.core.set.SetPlanner;
import safeup.core.set.SetRemover;
import safeup.core.set.SnapshotTaker;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanPaths;

/**
 * A snapshot set nobody is asked about, of the volumes an update would snapshot: one taken at boot
 * ({@link BootSnapshot}) or by the pacman hook ({@link HookSnapshot}). /boot is copied first, as
 * for an update; on any failure the copy goes, and so do the snapshots already made.
 */
final class UnattendedSet {
  private final Machine machine;
  private final Config config;
  private final Path configFile;
  private final Console console;

  UnattendedSet(Machine machine, Config config, Path configFile, Console console) {
    this.machine = machine;
    this.config = config;
    this.configFile = configFile;
    this.console = console;
  }

  /**
   * Takes the set, tagged with {@code reason} and {@code command}; {@code afterTaking} then runs
   * with its id and pacman's paths, and a failure there removes the set again, saying so and then
   * {@code whatFollows} (what the failure means for the caller).
   *
   * @return the set's id
   */
  String take(
      List<LogicalVolume> volumes,
      String command,
      String reason,
      BiConsumer<String, PacmanPaths> afterTaking,
      String whatFollows) {
    PacmanPaths paths = machine.pacmanPaths(PacmanInvocation.of(List.of()));
    String setId = SnapshotSet.newId(machine.clock());
    List<PlannedSnapshot> plan =
        new SetPlanner(machine, config, configFile).plan(volumes, paths, setId);
    Optional<BootSave> boot = BootSaves.saveBeforeSnapshots(machine, console, paths.root(), setId);
    SnapshotTaker snapshots = new SnapshotTaker(machine, console);
    try {
      // both remove what they made when they fail
      snapshots.take(plan, setId, command, paths.logFile(), boot, Optional.of(reason));
      snapshots.requireNotInterrupted(setId);
    } catch (RuntimeException e) {
      boot.ifPresent(save -> new SetRemover(machine, console).discardBootSave(save.location()));
      throw e;
    }
    try {
      afterTaking.accept(setId, paths);
    } catch (RuntimeException e) {
      SafeupException refusal =
          snapshots.giveUp(setId, ExitCode.SNAPSHOT_FAILED, e.getMessage(), whatFollows);
      boot.ifPresent(save -> new SetRemover(machine, console).discardBootSave(save.location()));
      throw refusal;
    }
    return setId;
  }
}
