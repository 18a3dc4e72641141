package safeup.core.carry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotFill;
import safeup.core.SnapshotMount;
import safeup.core.SnapshotMount.Access;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.process.ProgramNotFoundException;

/**
 * One member of a set mounted read-write at a private directory in /run/safeup: what is written
 * there is in the snapshot, so the merge brings it back. Writing takes room in the snapshot's
 * copy-on-write store (a thin one's pool), and a snapshot that overflows loses the rollback, so
 * {@link #room} says how much may be written: a quarter of what is free, leaving the rest for the
 * filesystem's own writes and the running system's.
 */
public final class WritableSnapshot implements AutoCloseable {
  private static final Path RUN = Path.of("/run/safeup");

  private final Machine machine;
  private final Console console;
  private final SnapshotMount mount;
  private final long room;

  private WritableSnapshot(Machine machine, Console console, SnapshotMount mount, long room) {
    this.machine = machine;
    this.console = console;
    this.mount = mount;
    this.room = room;
  }

  /**
   * Mounts {@code snapshot} of {@code set}, whose origin holds a filesystem of type {@code fsType},
   * read-write. Refused, with nothing left behind, for a filesystem that cannot be mounted twice
   * (btrfs would take the snapshot for a second device of the origin) and for a snapshot with room
   * for fewer than {@code least} bytes.
   */
  public static WritableSnapshot open(
      Machine machine,
      Console console,
      SnapshotSet set,
      LogicalVolume snapshot,
      String fsType,
      long least) {
    try {
      SnapshotMount.options(snapshot, fsType, Access.READ_WRITE);
    } catch (SnapshotMount.Failure e) {
      throw refused(e.getMessage());
    }
    long room = room(set, snapshot);
    if (room < least) {
      throw refused(
          "only "
              + Sizes.human(room)
              + " could be written into it without bringing it near an overflow ("
              + SnapshotFill.describe(set, snapshot)
              + ")");
    }
    Path dir = privateDirectory(machine, snapshot);
    try {
      SnapshotMount mount =
          SnapshotMount.mount(machine, snapshot, fsType, Access.READ_WRITE, dir, false);
      return new WritableSnapshot(machine, console, mount, room);
    } catch (SnapshotMount.Failure e) {
      removeDirectory(machine, console, dir);
      throw refused(e.getMessage());
    }
  }

  /** A new directory in /run/safeup that only root may enter, to mount {@code snapshot} at. */
  private static Path privateDirectory(Machine machine, LogicalVolume snapshot) {
    try {
      Path run = machine.host().onDisk(RUN);
      machine.files().createDirectories(run);
      return machine.files().createPrivateDirectory(run, "carry-");
    } catch (IOException e) {
      throw refused(
          "cannot make a directory in "
              + RUN
              + " to mount "
              + snapshot.name()
              + ": "
              + e.getMessage());
    }
  }

  /** Where the snapshot's filesystem is: its root directory. */
  public Path root() {
    return mount.at();
  }

  /** How many bytes may be written into it. */
  public long room() {
    return room;
  }

  public LogicalVolume snapshot() {
    return mount.snapshot();
  }

  /**
   * Flushes what was written to the snapshot and unmounts it. A snapshot that stays mounted is
   * open, which the rollback refuses to merge: the refusal says so.
   */
  @Override
  public void close() {
    try {
      machine.processes().change(List.of("sync", "-f", root().toString()));
      mount.unmount(console);
    } catch (SnapshotMount.Failure | ProgramNotFoundException e) {
      console.warning(e.getMessage() + ", before the rollback");
      return;
    }
    removeDirectory(machine, console, root());
  }

  private static void removeDirectory(Machine machine, Console console, Path dir) {
    try {
      machine.files().delete(dir);
    } catch (IOException e) {
      console.detail("left the directory " + dir + " in place: " + e.getMessage());
    }
  }

  /** A quarter of the free copy-on-write room: the snapshot's own, or its thin pool's. */
  private static long room(SnapshotSet set, LogicalVolume snapshot) {
    if (snapshot.invalid() || snapshot.mergePending()) {
      return 0;
    }
    if (!snapshot.isThin()) {
      Double fill = snapshot.fillPercent();
      return fill == null ? 0 : (long) (snapshot.sizeBytes() * (100 - fill) / 100 / 4);
    }
    Optional<LogicalVolume> pool = set.poolOf(snapshot);
    if (pool.isEmpty() || SnapshotFill.poolNearlyFull(pool.get())) {
      return 0;
    }
    return (long) (pool.get().sizeBytes() * (100 - SnapshotFill.poolFill(pool.get())) / 100 / 4);
  }

  private static SafeupException refused(String why) {
    return new SafeupException(ExitCode.DECISION_FAILED, why);
  }
}
