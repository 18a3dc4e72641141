package safeup.core.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.Origins;
import safeup.core.SafeupException;
import safeup.core.SnapshotMount;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.lvm.VolumeName;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;
import safeup.system.Mount;

/**
 * Mounts a snapshot set read-only at a directory, laid out as its origins are mounted now: the
 * snapshot of the volume mounted at {@code /} at the directory itself, the snapshot of the one at
 * {@code /data} at {@code DIR/data}. Undoes exactly that, from the {@link MountRecord}.
 */
final class SnapshotMounter {
  private final Machine machine;
  private final Console console;

  SnapshotMounter(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * One member of a set and where it goes.
   *
   * @param originMountPoint where its origin is mounted on the running system
   * @param at where the snapshot is mounted
   */
  record Placement(
      LogicalVolume snapshot, Path originMountPoint, String fsType, String options, Path at) {}

  /**
   * Refuses a set that cannot be read (merging, overflowed, incomplete, in use), and works out
   * where each member goes under {@code dir}. Changes nothing.
   */
  List<Placement> plan(SnapshotSet set, List<LogicalVolume> volumes, Path dir) {
    requireMountable(set);
    List<Mount> mounts = machine.mounts().get().all();
    List<Placement> plan = new ArrayList<>();
    for (LogicalVolume snapshot : set.snapshots()) {
      Mount mount = originMount(snapshot, volumes, mounts);
      Path point = Path.of(mount.mountPoint());
      Path at = dir.resolve(Path.of("/").relativize(point).toString());
      plan.add(new Placement(snapshot, point, mount.fsType(), options(snapshot, mount), at));
    }
    plan.sort(Comparator.comparingInt(p -> p.originMountPoint().getNameCount()));
    return plan;
  }

  /**
   * Where the origin of {@code snapshot} is mounted (nearest the root, if more than once); a
   * refusal when the snapshot is in use or its origin is not mounted.
   */
  private static Mount originMount(
      LogicalVolume snapshot, List<LogicalVolume> volumes, List<Mount> mounts) {
    VolumeName originName = SnapshotSet.originOf(snapshot);
    if (snapshot.open()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          snapshot.name()
              + " is in use (mounted already, or held by a program); 'findmnt "
              + snapshot.devicePath()
              + "' shows where");
    }
    Optional<Mount> mount = Origins.mountOf(snapshot, volumes, mounts);
    if (mount.isEmpty()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          originName
              + " (the origin of "
              + snapshot.name()
              + ") is not mounted, so safeup cannot tell where its snapshot belongs; mount "
              + originName
              + " where it belongs and try again");
    }
    return mount.get();
  }

  /** See {@link SnapshotMount#options}. */
  private static String options(LogicalVolume snapshot, Mount origin) {
    try {
      return SnapshotMount.options(snapshot, origin.fsType(), SnapshotMount.Access.READ_ONLY);
    } catch (SnapshotMount.Failure e) {
      throw new SafeupException(ExitCode.REFUSED, e.getMessage());
    }
  }

  private static void requireMountable(SnapshotSet set) {
    if (set.mayMount()) {
      return;
    }
    String reason =
        switch (set.state()) {
          case INVALID ->
              set.snapshots().stream()
                      .filter(LogicalVolume::invalid)
                      .map(lv -> lv.name().toString())
                      .collect(Collectors.joining(", "))
                  + " is invalid (it overflowed, or its disk failed): what it held is lost";
          case INCOMPLETE ->
              "it is incomplete ("
                  + set.snapshots().size()
                  + " of "
                  + set.expectedMembers()
                  + " snapshots; safeup was interrupted while making or removing it)";
          default -> "it is being rolled back (" + set.state() + ")";
        };
    throw new SafeupException(
        ExitCode.REFUSED,
        "snapshot set " + set.id() + " cannot be mounted or backed up: " + reason);
  }

  /**
   * Mounts the planned members in order (activating those LVM skips, creating missing directories),
   * calling {@code checkpoint} before each step so that it can stop the work by throwing. On any
   * failure, what was done is undone before the exception goes on.
   */
  MountRecord mount(SnapshotSet set, List<Placement> plan, Path dir, Runnable checkpoint) {
    MountRecord record = MountRecord.create(machine, dir, set.id());
    try {
      directory(dir, record, Optional.empty());
      Optional<Placement> parent = Optional.empty();
      for (Placement p : plan) {
        checkpoint.run();
        mountOne(p, record, parent);
        parent = Optional.of(p);
      }
      checkpoint.run();
      return record;
    } catch (RuntimeException e) {
      Thread.interrupted(); // a signal stopped the work; the undoing must not stop too
      try {
        unmount(record);
      } catch (RuntimeException cleanup) {
        console.error(cleanup.getMessage());
      }
      throw e;
    }
  }

  /** Activates (if LVM skipped it) and mounts one member, each step recorded. */
  private void mountOne(Placement p, MountRecord record, Optional<Placement> parent) {
    if (!p.snapshot().active()) {
      activate(p.snapshot().name());
      record.addActivated(p.snapshot().name().toString());
    }
    directory(p.at(), record, parent);
    String device = p.snapshot().devicePath();
    ProcessResult result =
        run(List.of("mount", "-t", p.fsType(), "-o", p.options(), device, p.at().toString()));
    if (!result.succeeded()) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "cannot mount " + p.snapshot().name() + " at " + p.at() + ": " + result.lastMessage());
    }
    record.addMount(new MountRecord.Mounted(device, p.at()));
    console.detail(
        p.snapshot().name() + "  (" + p.originMountPoint() + ")  at " + p.at() + "  read-only");
  }

  /** Creates {@code path} and the directories above it that are missing, each recorded. */
  private void directory(Path path, MountRecord record, Optional<Placement> parent) {
    if (Files.isDirectory(path)) {
      return;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        machine.files().createDirectory(p);
      } catch (IOException e) {
        throw new SafeupException(
            ExitCode.BACKUP_FAILED,
            "cannot create the directory "
                + p
                + parent
                    .map(
                        above ->
                            " (the snapshot "
                                + above.snapshot().name()
                                + " mounted above it has no such directory)")
                    .orElse("")
                + ": "
                + e.getMessage());
      }
      record.addCreated(p);
    }
  }

  /**
   * Undoes what {@code record} says was done, newest first: unmounts, deactivates, removes the
   * directories created. A mount that is busy stops the undoing, with the record kept for the next
   * try.
   */
  void unmount(MountRecord record) {
    unmountAll(record);
    deactivateAll(record);
    List<Path> created = new ArrayList<>(record.created());
    java.util.Collections.reverse(created);
    for (Path dir : created) {
      try {
        machine.files().delete(dir);
      } catch (IOException e) {
        console.warning("left the directory " + dir + " in place: " + e.getMessage());
      }
    }
    record.delete();
  }

  /** Unmounts what the record says was mounted and still is, newest first. */
  private void unmountAll(MountRecord record) {
    List<String> mounted = machine.mounts().get().all().stream().map(Mount::mountPoint).toList();
    List<MountRecord.Mounted> mounts = new ArrayList<>(record.mounts());
    java.util.Collections.reverse(mounts);
    for (MountRecord.Mounted m : mounts) {
      if (mounted.contains(m.at().toString())) {
        ProcessResult result = run(List.of("umount", m.at().toString()));
        if (!result.succeeded()) {
          throw new SafeupException(
              ExitCode.BACKUP_FAILED,
              "cannot unmount "
                  + m.at()
                  + ": "
                  + result.lastMessage()
                  + "; close what uses it ('fuser -vm "
                  + m.at()
                  + "' shows who), then run 'safeup umount "
                  + record.dir()
                  + "'");
        }
      }
      record.removeMount(m);
    }
  }

  /** Deactivates what the record says was activated, newest first. */
  private void deactivateAll(MountRecord record) {
    List<String> activated = new ArrayList<>(record.activated());
    java.util.Collections.reverse(activated);
    for (String volume : activated) {
      VolumeName name = VolumeName.parse(volume);
      try {
        machine.lvm().deactivate(name);
      } catch (LvmException | ProgramNotFoundException e) {
        throw new SafeupException(
            ExitCode.BACKUP_FAILED,
            e.getMessage() + "; fix the cause and run 'safeup umount " + record.dir() + "'");
      }
      record.removeActivated(volume);
    }
  }

  private void activate(VolumeName volume) {
    try {
      machine.lvm().activate(volume);
    } catch (LvmException | ProgramNotFoundException e) {
      throw new SafeupException(ExitCode.BACKUP_FAILED, e.getMessage());
    }
  }

  private ProcessResult run(List<String> argv) {
    try {
      return machine.processes().change(argv);
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED, e.getMessage() + "; install util-linux (pacman -S util-linux)");
    }
  }
}
