package safeup.core.update;

import safeup.console.Console;
import safeup.core.SnapshotFill;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PackageChange;

/** What an update did, shown before the question: changes, snapshot fill, warnings. */
final class UpdateReport {
  private static final double FILL_WARNING = 80.0;

  private final Console console;

  UpdateReport(Console console) {
    this.console = console;
  }

  /** Shows pacman's outcome, the packages changed, the snapshots' fill and any warning. */
  void show(SnapshotSet set, WhatChanged changed, int pacmanCode) {
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
    showFill(set);
    set.bootSave()
        .ifPresent(
            save ->
                console.detail(
                    "/boot was saved to " + save + " before the update: a rollback puts it back"));
  }

  /** Each snapshot's fill, with a warning for one that fills, and for a pool that does. */
  private void showFill(SnapshotSet set) {
    console.step("Snapshot set " + set.id() + ":");
    for (LogicalVolume snapshot : set.snapshots()) {
      console.detail(SnapshotFill.describe(set, snapshot));
      if (snapshot.fillPercent() != null
          && snapshot.fillPercent() >= FILL_WARNING
          && !snapshot.isThin()
          && !snapshot.invalid()) { // an overflowed one says so itself, and no longer fills
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
  }
}
