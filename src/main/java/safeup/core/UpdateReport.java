package safeup.core;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import safeup.console.Console;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PackageChange;
import safeup.pacman.PacmanPaths;
import safeup.system.Mount;
import safeup.system.MountTable;

/** What an update did, shown before the question: changes, snapshot fill, warnings. */
final class UpdateReport {
  private static final double FILL_WARNING = 80.0;
  private static final Pattern KERNEL =
      Pattern.compile("linux(-(?!.*(headers|firmware|docs|tools|api))[a-z0-9-]+)?");

  private final Machine machine;
  private final Console console;

  UpdateReport(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Shows pacman's outcome, the packages changed, the snapshots' fill and any warning. */
  void show(SnapshotSet set, WhatChanged changed, int pacmanCode, PacmanPaths paths) {
    for (String doubt : changed.doubts()) {
      console.warning(doubt + "; snapshot set " + set.id() + " is kept in case the system changed");
    }
    if (pacmanCode != 0) {
      console.warning(
          "pacman exited with "
              + pacmanCode
              + " after the transaction started; snapshot set "
              + set.id()
              + " is kept so that you can roll back");
    }
    console.step("Packages changed (" + changed.changes().size() + "):");
    for (PackageChange change : changed.changes()) {
      console.detail(change.toString());
    }
    if (changed.unfinished()) {
      console.warning("the transaction did not complete: the system may be half-updated");
    }
    console.step("Snapshot set " + set.id() + ":");
    for (LogicalVolume snapshot : set.snapshots()) {
      console.detail(SnapshotFill.describe(set, snapshot));
      if (snapshot.fillPercent() != null
          && snapshot.fillPercent() >= FILL_WARNING
          && !snapshot.isThin()) {
        console.warning(
            snapshot.name()
                + " is "
                + Math.round(snapshot.fillPercent())
                + "% full; decide soon: when it overflows the rollback is lost");
      }
    }
    for (LogicalVolume pool : set.pools()) {
      if (SnapshotFill.poolNearlyFull(pool)) {
        console.warning(
            "thin pool "
                + pool.name()
                + " is past "
                + Math.round(SnapshotFill.POOL_LIMIT)
                + "% full after the update; when it fills, writes to its volumes stop. Decide"
                + " soon, or extend it: lvextend -L +1G "
                + pool.name());
      }
    }
    warnIfKernelOutsideSet(set, changed, paths);
  }

  /**
   * A kernel update writes to /boot; a separate /boot outside the set keeps the new kernel after a
   * rollback, next to the old modules.
   */
  private void warnIfKernelOutsideSet(SnapshotSet set, WhatChanged changed, PacmanPaths paths) {
    Optional<PackageChange> kernel =
        changed.changes().stream().filter(c -> KERNEL.matcher(c.name()).matches()).findFirst();
    if (kernel.isEmpty()) {
      return;
    }
    MountTable mounts = machine.mounts().get();
    Optional<Mount> boot = mounts.holding(paths.root().resolve("boot"));
    if (boot.isEmpty() || boot.equals(mounts.holding(paths.root()))) {
      return;
    }
    List<LogicalVolume> volumes = Preflight.listVolumes(machine);
    boolean inSet =
        set.snapshots().stream()
            .map(SnapshotSet::originOf)
            .flatMap(origin -> volumes.stream().filter(v -> v.name().equals(origin)))
            .anyMatch(
                v ->
                    v.kernelMajor() == boot.get().major() && v.kernelMinor() == boot.get().minor());
    if (!inSet) {
      console.warning(
          kernel.get().name()
              + " changed, and "
              + boot.get().mountPoint()
              + " ("
              + boot.get().source()
              + ") is not in the snapshot set: a rollback keeps the new kernel there beside the"
              + " old modules. Keep a fallback boot entry, or reinstall "
              + kernel.get().name()
              + " after a rollback");
    }
  }
}
