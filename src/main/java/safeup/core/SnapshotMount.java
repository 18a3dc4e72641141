package safeup.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * One snapshot mounted at a directory while its origin stays mounted: activated first if LVM
 * skipped it (a thin snapshot), deactivated again when unmounted. Every mount of a snapshot goes
 * through {@link #options}, which knows how a second copy of a filesystem may be mounted beside the
 * first.
 */
public final class SnapshotMount {
  /** How the snapshot is mounted. */
  public enum Access {
    READ_ONLY,
    READ_WRITE
  }

  /** Why a snapshot could not be mounted or unmounted, in words for the user. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private final Machine machine;
  private final LogicalVolume snapshot;
  private final Path at;
  private final boolean probe;
  private final boolean activated;

  private SnapshotMount(
      Machine machine, LogicalVolume snapshot, Path at, boolean probe, boolean activated) {
    this.machine = machine;
    this.snapshot = snapshot;
    this.at = at;
    this.probe = probe;
    this.activated = activated;
  }

  /**
   * The mount options for a snapshot of a filesystem of type {@code fsType}. Read-only ones also
   * keep the filesystem's own recovery away: a snapshot of a mounted ext4 or XFS looks like one
   * that crashed, and replaying its journal would write to it (ext4 {@code noload}, XFS {@code
   * norecovery}); XFS refuses a second filesystem with the origin's UUID without {@code nouuid}.
   * Refused for btrfs, which the kernel would take for a second device of the origin's filesystem,
   * and, read-write, for filesystems safeup does not know to be safe to write twice.
   */
  public static String options(LogicalVolume snapshot, String fsType, Access access)
      throws Failure {
    if (fsType.equals("btrfs")) {
      throw new Failure(
          snapshot.name()
              + " holds btrfs, which cannot be mounted beside its origin: the kernel would take"
              + " both for one filesystem");
    }
    return switch (access) {
      case READ_ONLY ->
          switch (fsType) {
            case "ext4", "ext3" -> "ro,noload";
            case "xfs" -> "ro,norecovery,nouuid";
            default -> "ro";
          };
      case READ_WRITE ->
          switch (fsType) {
            case "ext4", "ext3", "ext2" -> "rw";
            case "xfs" -> "rw,nouuid";
            default ->
                throw new Failure(
                    snapshot.name()
                        + " holds "
                        + fsType
                        + ", which safeup does not mount read-write a second time");
          };
    };
  }

  /**
   * Mounts {@code snapshot} at the directory {@code at}, which exists. A {@code probe} runs even in
   * a dry run, for a mount that is undone before safeup exits and changes nothing; otherwise the
   * mount is a change. Nothing is left active when it fails.
   */
  public static SnapshotMount mount(
      Machine machine, LogicalVolume snapshot, String fsType, Access access, Path at, boolean probe)
      throws Failure {
    String options = options(snapshot, fsType, access);
    boolean activate = !snapshot.active();
    if (activate) {
      try {
        machine.lvm().activate(snapshot.name());
      } catch (LvmException | ProgramNotFoundException e) {
        throw new Failure(e.getMessage());
      }
    }
    SnapshotMount mount = new SnapshotMount(machine, snapshot, at, probe, activate);
    try {
      ProcessResult result =
          mount.run(
              List.of("mount", "-t", fsType, "-o", options, snapshot.devicePath(), at.toString()));
      if (!result.succeeded()) {
        String how = access == Access.READ_ONLY ? " to read it: " : " read-write: ";
        throw new Failure("cannot mount " + snapshot.name() + how + result.lastMessage());
      }
    } catch (Failure e) {
      mount.deactivate();
      throw e;
    }
    return mount;
  }

  public Path at() {
    return at;
  }

  public LogicalVolume snapshot() {
    return snapshot;
  }

  /**
   * Unmounts the snapshot, then deactivates it if it was activated to be mounted (a failure there
   * is told to {@code console} as a detail: an active snapshot is harmless).
   *
   * @throws Failure when it stays mounted, with what to run by hand
   */
  public void unmount(Console console) throws Failure {
    ProcessResult result = run(List.of("umount", at.toString()));
    if (!result.succeeded()) {
      throw new Failure(
          "cannot unmount "
              + snapshot.name()
              + " from "
              + at
              + ": "
              + result.lastMessage()
              + "; unmount it by hand ('umount "
              + at
              + "')");
    }
    deactivate().ifPresent(console::detail);
  }

  /** Deactivates the snapshot if it was activated to be mounted; why that failed, if it did. */
  private Optional<String> deactivate() {
    if (activated) {
      try {
        machine.lvm().deactivate(snapshot.name());
      } catch (LvmException | ProgramNotFoundException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  private ProcessResult run(List<String> argv) throws Failure {
    try {
      return probe ? machine.processes().query(argv) : machine.processes().change(argv);
    } catch (ProgramNotFoundException e) {
      throw new Failure(e.getMessage() + "; install util-linux (pacman -S util-linux)");
    }
  }
}
