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
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.process.ProcessResult;
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
  private final LogicalVolume snapshot;
  private final Path dir;
  private final boolean activated;
  private final long room;

  private WritableSnapshot(
      Machine machine,
      Console console,
      LogicalVolume snapshot,
      Path dir,
      boolean activated,
      long room) {
    this.machine = machine;
    this.console = console;
    this.snapshot = snapshot;
    this.dir = dir;
    this.activated = activated;
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
    String options = options(snapshot, fsType);
    long room = room(set, snapshot);
    if (room < least) {
      throw refused(
          "only "
              + Sizes.human(room)
              + " could be written into it without bringing it near an overflow ("
              + SnapshotFill.describe(set, snapshot)
              + ")");
    }
    Path dir;
    try {
      Path run = machine.host().onDisk(RUN);
      machine.files().createDirectories(run);
      dir = machine.files().createPrivateDirectory(run, "carry-");
    } catch (IOException e) {
      throw refused(
          "cannot make a directory in "
              + RUN
              + " to mount "
              + snapshot.name()
              + ": "
              + e.getMessage());
    }
    WritableSnapshot opened =
        new WritableSnapshot(machine, console, snapshot, dir, !snapshot.active(), room);
    opened.mount(fsType, options);
    return opened;
  }

  /** Mount options that let a second copy of the filesystem be mounted beside the first. */
  private static String options(LogicalVolume snapshot, String fsType) {
    return switch (fsType) {
      case "ext4", "ext3", "ext2" -> "rw";
      case "xfs" -> "rw,nouuid";
      default ->
          throw refused(
              snapshot.name() + " holds " + fsType + ", which safeup does not mount a second time");
    };
  }

  /** Activates the snapshot if LVM skipped it, and mounts it; undone when either fails. */
  private void mount(String fsType, String options) {
    try {
      if (activated) {
        activate(machine, snapshot);
      }
      ProcessResult mount =
          run(List.of("mount", "-t", fsType, "-o", options, snapshot.devicePath(), dir.toString()));
      if (!mount.succeeded()) {
        throw refused("cannot mount " + snapshot.name() + " read-write: " + mount.lastMessage());
      }
    } catch (SafeupException e) {
      release();
      throw e;
    }
  }

  /** Where the snapshot's filesystem is: its root directory. */
  public Path root() {
    return dir;
  }

  /** How many bytes may be written into it. */
  public long room() {
    return room;
  }

  public LogicalVolume snapshot() {
    return snapshot;
  }

  /**
   * Flushes what was written to the snapshot and unmounts it. A snapshot that stays mounted is
   * open, which the rollback refuses to merge: the refusal says so.
   */
  @Override
  public void close() {
    run(List.of("sync", "-f", dir.toString()));
    ProcessResult umount = run(List.of("umount", dir.toString()));
    if (!umount.succeeded()) {
      console.warning(
          "cannot unmount "
              + snapshot.name()
              + " from "
              + dir
              + ": "
              + umount.lastMessage()
              + "; unmount it ('umount "
              + dir
              + "') before the rollback");
      return;
    }
    release();
  }

  /** Removes the directory and deactivates what was activated to mount it. */
  private void release() {
    try {
      machine.files().delete(dir);
    } catch (IOException e) {
      console.detail("left the directory " + dir + " in place: " + e.getMessage());
    }
    deactivate(machine, console, snapshot, activated);
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

  private static void activate(Machine machine, LogicalVolume snapshot) {
    try {
      machine.lvm().activate(snapshot.name());
    } catch (LvmException | ProgramNotFoundException e) {
      throw refused(e.getMessage());
    }
  }

  private static void deactivate(
      Machine machine, Console console, LogicalVolume snapshot, boolean activated) {
    if (!activated) {
      return;
    }
    try {
      machine.lvm().deactivate(snapshot.name());
    } catch (LvmException | ProgramNotFoundException e) {
      console.detail(e.getMessage() + "; it is merged all the same");
    }
  }

  private ProcessResult run(List<String> argv) {
    try {
      return machine.processes().change(argv);
    } catch (ProgramNotFoundException e) {
      throw refused(e.getMessage() + "; install util-linux and coreutils");
    }
  }

  private static SafeupException refused(String why) {
    return new SafeupException(ExitCode.DECISION_FAILED, why);
  }
}
