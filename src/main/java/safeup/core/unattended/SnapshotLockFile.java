package safeup.core.unattended;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.pacman.PacmanPaths;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;
import safeup.system.Mount;

/**
 * Removes pacman's database lock ({@code db.lck}) from the snapshot that holds pacman's database,
 * when the set was taken while pacman held it (in a pacman hook). Left there, a rollback would
 * bring back a lock that no pacman holds, and pacman would refuse to run until it was removed by
 * hand. The snapshot is mounted read-write for a moment in a private directory under {@code
 * /run/safeup}; a thin snapshot is activated for it and deactivated again.
 */
final class SnapshotLockFile {
  private static final Path MOUNTS = Path.of("/run/safeup");

  private final Machine machine;
  private final Console console;

  SnapshotLockFile(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Removes the lock from set {@code setId}'s snapshot of the volume holding the database. */
  void remove(String setId, PacmanPaths paths) {
    Optional<SnapshotSet> listed =
        machine.ourSets().stream().filter(s -> s.id().equals(setId)).findFirst();
    if (listed.isEmpty()) { // never made, or removed since: no lock in it
      console.detail("LVM lists no snapshot of set " + setId + ": no lock to remove from it");
      return;
    }
    Path lockFile = paths.lockFile();
    Mount mount =
        machine
            .mounts()
            .get()
            .holdingNearest(lockFile.getParent())
            .orElseThrow(() -> failure("no mounted filesystem holds " + lockFile));
    LogicalVolume snapshot = snapshotOf(listed.get(), mount);
    Path inside = Path.of(mount.mountPoint()).relativize(lockFile);
    try {
      removeInside(snapshot, mount.fsType(), inside, MOUNTS.resolve("lockfile-" + setId));
    } catch (IOException | LvmException | ProgramNotFoundException e) {
      throw failure(
          "cannot remove pacman's lock " + lockFile + " from " + snapshot.name() + ": " + e);
    }
  }

  /** The member of {@code set} whose origin is mounted as {@code mount}. */
  private LogicalVolume snapshotOf(SnapshotSet set, Mount mount) {
    List<LogicalVolume> volumes = machine.listVolumes();
    return set.snapshots().stream()
        .filter(
            s ->
                volumes.stream()
                    .filter(v -> v.name().equals(SnapshotSet.originOf(s)))
                    .anyMatch(
                        v -> v.kernelMajor() == mount.major() && v.kernelMinor() == mount.minor()))
        .findFirst()
        .orElseThrow(
            () ->
                failure(
                    "no snapshot of set "
                        + set.id()
                        + " holds pacman's database ("
                        + mount.source()
                        + ")"));
  }

  /**
   * Mounts {@code snapshot} read-write at {@code dir} (activated first if it is not), removes
   * {@code inside} from it, and undoes the mount, the activation and the directory.
   */
  private void removeInside(LogicalVolume snapshot, String fsType, Path inside, Path dir)
      throws IOException {
    boolean activated = false;
    boolean mounted = false;
    try {
      machine.files().createDirectories(machine.host().onDisk(dir));
      if (!snapshot.active()) {
        machine.lvm().activate(snapshot.name());
        activated = true;
      }
      String options = fsType.equals("xfs") ? "rw,nouuid" : "rw";
      run(
          List.of("mount", "-t", fsType, "-o", options, snapshot.devicePath(), dir.toString()),
          "cannot mount " + snapshot.name() + " at " + dir);
      mounted = true;
      if (machine.files().delete(machine.host().onDisk(dir.resolve(inside.toString())))) {
        console.detail("removed pacman's lock /" + inside + " from " + snapshot.name());
      }
    } finally {
      if (mounted) {
        run(List.of("umount", dir.toString()), "cannot unmount " + dir);
      }
      if (activated) {
        machine.lvm().deactivate(snapshot.name());
      }
      try {
        machine.files().delete(machine.host().onDisk(dir));
      } catch (IOException e) {
        console.warning("left the directory " + dir + " in place: " + e.getMessage());
      }
    }
  }

  private void run(List<String> argv, String what) {
    ProcessResult result = machine.processes().change(argv);
    if (!result.succeeded()) {
      throw failure(what + ": " + result.lastMessage());
    }
  }

  private static SafeupException failure(String message) {
    return new SafeupException(ExitCode.INTERNAL, message);
  }
}
