package safeup.core.mount;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.UnredirectablePath;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.system.Signals;

/** {@code safeup mount} and {@code safeup umount}: a snapshot set, read-only, at a directory. */
public final class MountService {
  private final Machine machine;
  private final Console console;

  public MountService(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Mounts the named set, or the only one, at {@code dir} (created when missing). */
  public void mount(Optional<String> id, Path dir) {
    machine.requireRoot("mount snapshots");
    Path target = absolute(dir);
    UnredirectablePath.require(
        target,
        "mount a snapshot set",
        "mount it under a directory that only root may write, such as /mnt");
    requireFree(target);
    mountAt(target, id, new AtomicReference<>());
  }

  /** Refuses / and a directory where safeup has mounted a set already. */
  private void requireFree(Path target) {
    if (MountRecord.find(machine, target).isPresent()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "safeup has already mounted a snapshot set at "
              + target
              + "; 'safeup umount "
              + target
              + "' unmounts it");
    }
    if (target.getParent() == null) {
      throw new SafeupException(ExitCode.USAGE, "a snapshot set cannot be mounted at /");
    }
  }

  /** Mounts the set at {@code target}; a signal stops it and undoes what was done. */
  private void mountAt(Path target, Optional<String> id, AtomicReference<String> interruption) {
    machine.signals().handle(Signals.ENDING, interruption::set);
    try (RunLock lock = machine.lockRun()) {
      PageCache.flush(machine.processes());
      List<LogicalVolume> volumes = machine.listVolumes();
      SnapshotSet set =
          SnapshotSets.select(SnapshotSets.of(volumes, machine.machineId()), id, "mount", "ID DIR");
      SnapshotMounter mounter = new SnapshotMounter(machine, console);
      List<SnapshotMounter.Placement> plan = mounter.plan(set, volumes, target);
      console.step("Mounting snapshot set " + set.id() + " read-only at " + target);
      mounter.mount(
          set,
          plan,
          target,
          () -> {
            if (interruption.get() != null) {
              throw new SafeupException(
                  ExitCode.BACKUP_FAILED,
                  "interrupted (SIG"
                      + interruption.get()
                      + ") while mounting snapshot set "
                      + set.id()
                      + "; nothing is left mounted");
            }
          });
      console.success(
          "Snapshot set "
              + set.id()
              + " is mounted at "
              + target
              + "; 'safeup umount "
              + target
              + "' unmounts it.");
    }
  }

  /** Undoes what {@link #mount} (or an interrupted backup) did at {@code dir}. */
  public void unmount(Path dir) {
    machine.requireRoot("unmount snapshots");
    Path target = absolute(dir);
    machine.signals().handle(Signals.ENDING, signal -> {}); // finish undoing, whatever comes
    try (RunLock lock = machine.lockRun()) {
      MountRecord record =
          MountRecord.find(machine, target)
              .orElseThrow(
                  () ->
                      new SafeupException(
                          ExitCode.REFUSED,
                          "safeup did not mount anything at "
                              + target
                              + " ('findmnt -R "
                              + target
                              + "' shows what is there; unmount it with umount(8))"));
      console.step("Unmounting snapshot set " + record.setId() + " from " + target);
      new SnapshotMounter(machine, console).unmount(record);
      console.success(
          "Snapshot set " + record.setId() + " is no longer mounted at " + target + ".");
    }
  }

  /**
   * {@code dir} made absolute, its symbolic links not resolved: a mount refuses them, and umount
   * finds its record under the name mount was given.
   */
  static Path absolute(Path dir) {
    return dir.toAbsolutePath().normalize();
  }
}
