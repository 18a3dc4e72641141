package safeup.core.decision;

import java.util.List;
import java.util.stream.Collectors;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;

/** Why a set may not be rolled back now, each refusal with what to do instead. */
final class RollbackRefusals {
  private final Machine machine;

  RollbackRefusals(Machine machine) {
    this.machine = machine;
  }

  /**
   * Refuses a set that cannot be merged back as a whole. Before the first merge every member must
   * be mergeable; once one is merged (the rollback began), finishing is the only way left.
   */
  void require(SnapshotSet set) {
    if (set.mayRollBack()) {
      requireNoneOpen(set);
      if (!set.rollbackStarted()) {
        requireOriginsNotMerging(set);
      }
      return;
    }
    throw new SafeupException(ExitCode.ROLLBACK_REFUSED, whyNot(set));
  }

  /** Why {@code set}, which may not be rolled back, may not, and what to do instead. */
  private static String whyNot(SnapshotSet set) {
    SnapshotSet.State state = set.state();
    if (state == SnapshotSet.State.MERGE_SCHEDULED) {
      return "snapshot set "
          + set.id()
          + " is already merging (rollback scheduled); reboot to complete it";
    }
    if (state == SnapshotSet.State.INVALID) {
      String invalid =
          set.snapshots().stream()
              .filter(LogicalVolume::invalid)
              .map(lv -> lv.name().toString())
              .collect(Collectors.joining(", "));
      return "snapshot "
          + invalid
          + " is invalid (it overflowed, or its disk failed), so set "
          + set.id()
          + " can no longer be rolled back; 'safeup keep' removes it";
    }
    if (state == SnapshotSet.State.INCOMPLETE) {
      return "snapshot set "
          + set.id()
          + " is incomplete ("
          + set.snapshots().size()
          + " of "
          + set.expectedMembers()
          + " snapshots; safeup was interrupted while making or removing it): rolling back"
          + " part of it would leave pacman's files and database apart. 'safeup keep' removes it";
    }
    return "snapshot set " + set.id() + " cannot be rolled back now; next: " + set.next();
  }

  /** An origin already merging another snapshot cannot take this one: lvconvert refuses. */
  private void requireOriginsNotMerging(SnapshotSet set) {
    List<LogicalVolume> volumes = machine.listVolumes();
    for (LogicalVolume snapshot : set.snapshots()) {
      VolumeName origin = SnapshotSet.originOf(snapshot);
      boolean merging = volumes.stream().anyMatch(v -> v.name().equals(origin) && v.mergePending());
      if (merging) {
        throw new SafeupException(
            ExitCode.ROLLBACK_REFUSED,
            origin
                + " already has a merge of another snapshot scheduled, so "
                + snapshot.name()
                + " cannot be merged into it: nothing was merged. Reboot to let that merge"
                + " finish ('lvs -a -o +lv_merging' shows it), then run 'safeup rollback' again");
      }
    }
  }

  /**
   * A snapshot that is open (mounted to look into it, say) would merge only when it is closed, or
   * the merge fails; either way the set would come back half merged. Refused before the first
   * merge, which cannot be undone.
   */
  private static void requireNoneOpen(SnapshotSet set) {
    DecisionService.requireNoneInUse(
        set, ExitCode.ROLLBACK_REFUSED, "nothing was merged", "safeup rollback");
  }
}
