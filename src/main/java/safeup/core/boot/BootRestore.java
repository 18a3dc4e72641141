package safeup.core.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * Putting /boot back during a rollback, after the merges are scheduled: they cannot be cancelled,
 * so from then on the old kernel is the right one. A /boot inside a snapshotted volume is written
 * too: the boot loader reads that volume before the merge brings the old files back.
 */
public final class BootRestore {
  /** Room kept in a snapshot beyond the bytes written, for its own metadata and chunk rounding. */
  private static final long MIB = 1024 * 1024;

  private static final long SNAPSHOT_SLACK = 16 * MIB;

  private final Machine machine;
  private final Console console;

  public BootRestore(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Refuses, before anything is merged, a save that is damaged, or a restore that would overflow
   * the snapshot of the volume holding /boot (the old blocks it overwrites go there).
   */
  public void requireReady(SnapshotSet set, BootSave save) {
    long bytes = plannedAndReady(save).bytesWritten();
    MountTable mounts = machine.mounts().get();
    List<LogicalVolume> volumes = machine.listVolumes();
    for (Path dir : save.savedDirs()) {
      Optional<Mount> mount = mounts.holding(dir);
      for (LogicalVolume snapshot : set.snapshots()) {
        if (snapshot.isThin() || mount.isEmpty() || !holds(volumes, snapshot, mount.get())) {
          continue;
        }
        double fill = snapshot.fillPercent() == null ? 0 : snapshot.fillPercent();
        long free = (long) (snapshot.sizeBytes() * (100 - fill) / 100);
        long needed = bytes + bytes / 10 + SNAPSHOT_SLACK;
        if (needed > free) {
          throw new SafeupException(
              ExitCode.ROLLBACK_REFUSED,
              "putting "
                  + dir
                  + " back writes "
                  + Sizes.human(bytes)
                  + " into "
                  + SnapshotSet.originOf(snapshot)
                  + ", whose snapshot "
                  + snapshot.name()
                  + " has "
                  + Sizes.human(free)
                  + " free: it would overflow. Nothing was merged. Grow it first (lvextend -L +"
                  + (needed - free + MIB - 1) / MIB
                  + "M "
                  + snapshot.name()
                  + "), then run 'safeup rollback' again");
        }
      }
    }
  }

  /**
   * Each file goes back through a copy beside the one it replaces: the filesystem of each saved
   * directory (a small ESP, often) needs room for that before anything is merged.
   */
  private static void requireRoomOnBoot(BootSave save, BootPutBack.Plan plan) {
    for (Path dir : save.savedDirs()) {
      long needed = plan.roomNeeded(save.pacmanRoot().relativize(dir).toString(), save);
      long free;
      try {
        free = save.freeOn(dir);
      } catch (IOException e) {
        throw new SafeupException(
            ExitCode.ROLLBACK_REFUSED,
            "cannot read the free space on "
                + dir
                + ": "
                + e.getMessage()
                + "; nothing was merged");
      }
      if (needed > free) {
        throw new SafeupException(
            ExitCode.ROLLBACK_REFUSED,
            "putting "
                + dir
                + " back needs "
                + Sizes.human(needed)
                + " free on it (each file is copied beside the one it replaces, then renamed),"
                + " and it has "
                + Sizes.human(free)
                + "; nothing was merged. Free space on "
                + dir
                + " (old kernels or files of other systems you no longer need), then run 'safeup"
                + " rollback' again");
      }
    }
  }

  /** Refuses a save that is damaged, or a restore without room for its copies on /boot. */
  public void requireReady(BootSave save) {
    plannedAndReady(save);
  }

  private BootPutBack.Plan plannedAndReady(BootSave save) {
    save.requireIntact();
    BootPutBack.Plan plan = new BootPutBack(save).plan();
    requireRoomOnBoot(save, plan);
    return plan;
  }

  private static boolean holds(List<LogicalVolume> volumes, LogicalVolume snapshot, Mount mount) {
    return volumes.stream()
        .filter(v -> v.name().equals(SnapshotSet.originOf(snapshot)))
        .anyMatch(v -> v.kernelMajor() == mount.major() && v.kernelMinor() == mount.minor());
  }

  /**
   * Puts back what the update changed and flushes it to the disk the boot loader reads; names what
   * it leaves because something else changed it since.
   */
  public void restore(BootSave save) {
    String dirs = String.join(" and ", save.savedDirs().stream().map(Path::toString).toList());
    console.step("Putting " + dirs + " back as it was before the update");
    BootPutBack.Plan plan;
    List<String> notEmpty;
    try {
      plan = new BootPutBack(save).plan();
      notEmpty = new BootPutBack(save).run(plan);
      PageCache.flush(machine.processes());
    } catch (SafeupException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          e.getMessage()
              + "; the merges are scheduled and cannot be cancelled: fix the cause and run"
              + " 'safeup rollback' again before rebooting (it puts "
              + dirs
              + " back from "
              + save.location()
              + "), or the next boot may load the new kernel over the old modules");
    }
    reportLeft(save, plan, notEmpty);
    int changed = plan.puts().size() + plan.removals().size() - notEmpty.size();
    console.detail(
        changed == 0
            ? dirs + " was already as saved"
            : changed
                + (changed == 1 ? " entry" : " entries")
                + " put back from "
                + save.location());
  }

  /** Names each path the restore left as it is, and why. */
  private void reportLeft(BootSave save, BootPutBack.Plan plan, List<String> notEmpty) {
    for (String path : plan.changedSince()) {
      console.warning(
          save.pacmanRoot().resolve(path)
              + " was changed by the update and again since (by another system sharing it, or"
              + " by hand): the newer version stays");
    }
    for (String path : plan.elsewhere()) {
      console.warning(
          save.pacmanRoot().resolve(path)
              + " is on a filesystem that was not part of the copy of /boot: left as it is");
    }
    for (String path : notEmpty) {
      console.warning(
          save.pacmanRoot().resolve(path)
              + " was added by the update and now holds files it did not write: left");
    }
  }
}
