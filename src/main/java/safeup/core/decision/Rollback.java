package safeup.core.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.BootPutBackRecord;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PacmanIdle;
import safeup.core.SafeupException;
import safeup.core.SafeupTags;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootMenuFlag;
import safeup.core.boot.BootPutBackFlag;
import safeup.core.boot.BootRestore;
import safeup.core.boot.BootSave;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.lvm.VolumeName;
import safeup.process.ProgramNotFoundException;

/**
 * A rollback, from the last check to the reboot: {@link #run} is the list of steps. Until the first
 * merge is scheduled nothing is lost; from then on there is no way back, and whatever stops it half
 * way is finished by running {@code safeup rollback} again, which the tags on the set's members ask
 * for.
 */
public final class Rollback {
  private final Machine machine;
  private final Config config;
  private final Console console;
  private String reason = "safeup rollback";

  public Rollback(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  /** Why the rollback is made, for the journal and the login message after it. */
  public Rollback because(String why) {
    this.reason = why;
    return this;
  }

  /**
   * Merges the set back into its origins, puts /boot back (unless {@code restoreBoot} is false)
   * and, if asked, reboots to complete the merge. A set already merging is refused; members already
   * merging in a set whose rollback was interrupted are left as they are and the rest is merged, so
   * that such a rollback can be finished.
   *
   * <p>Stopped after {@code tagMembers}, the set reads as an interrupted rollback that {@code keep}
   * refuses; after the first merge, the next boot merges what was scheduled; before /boot is put
   * back, the old system's modules would meet the new kernel, which is why a second run puts it
   * back before it reboots.
   */
  public void run(SnapshotSet set, boolean reboot, boolean restoreBoot) {
    requireRollbackable(set);
    PacmanIdle.awaitUnlessStale(
        machine,
        console,
        DecisionService.pacmanPaths(machine),
        config.pacmanLockWait(),
        "nothing was merged",
        "the rollback goes on, as it runs no pacman, and the lock goes with the rest of the"
            + " update");
    Optional<BootSave> boot = restoreBoot ? checkedBootCopy(set) : Optional.empty();
    Optional<BootPutBackFlag> putBack =
        boot.map(save -> BootPutBackFlag.of(machine, console, save));
    Optional<LogicalVolume> rootMember = putBack.flatMap(flag -> flag.rootMember(set));
    if (putBack.isPresent() && rootMember.isEmpty()) {
      console.detail(
          "the copy of /boot is not on the root filesystem: the boot menu cannot start its kernel"
              + " should the power fail before /boot is back");
    }
    tagMembers(set);
    UnfinishedBootPutBack unfinished = new UnfinishedBootPutBack(machine, config, console);
    Optional<BootPutBackRecord> record = boot.map(save -> unfinished.record(set, save));
    List<VolumeName> mergingBack = mergingBack(set);
    FinishedRollbacks.mark(machine, console, set, mergingBack, reason);
    HeldSignals held = HeldSignals.hold(machine, console, "the rollback puts /boot back first");
    boolean merging =
        scheduleMerges(set, rootMember, () -> putBack.ifPresent(BootPutBackFlag::set));
    if (merging) {
      machine.trail().rollbackScheduled(set, mergingBack);
    }
    boot.ifPresent(save -> new BootRestore(machine, console).restore(save));
    putBack.ifPresent(BootPutBackFlag::clear);
    BootMenuFlag.of(machine, console, set).clear();
    new LoginMessage(machine, console).clear();
    record.ifPresent(unfinished::remove);
    held.endIfAsked(merging ? "reboot to complete the rollback" : "the rollback is complete");
    finish(set, merging, reboot);
  }

  /** The set's copy of /boot, checked and with room to be put back, before anything is merged. */
  private Optional<BootSave> checkedBootCopy(SnapshotSet set) {
    Optional<BootSave> boot = set.bootSave().map(path -> BootSave.at(machine, path));
    boot.ifPresent(save -> new BootRestore(machine, console).requireReady(set, save));
    return boot;
  }

  /**
   * Every member says "rollback started" before the first merge: should safeup stop half way, the
   * members left over tell the next run to finish, never to keep.
   */
  private void tagMembers(SnapshotSet set) {
    for (LogicalVolume snapshot : set.snapshots()) {
      SnapshotSets.requireOurs(snapshot);
      if (!snapshot.hasTag(SafeupTags.ROLLBACK)) {
        try {
          machine.lvm().addTag(snapshot.name(), SafeupTags.ROLLBACK);
        } catch (LvmException | ProgramNotFoundException e) {
          throw new SafeupException(
              ExitCode.DECISION_FAILED,
              e.getMessage()
                  + "; nothing was merged: fix the cause and run 'safeup rollback' again");
        }
      }
    }
  }

  /** The origins that go back: those whose snapshot merges, or merges already. */
  private static List<VolumeName> mergingBack(SnapshotSet set) {
    return set.snapshots().stream()
        .filter(lv -> lv.mergePending() || !lv.invalid())
        .map(SnapshotSet::originOf)
        .toList();
  }

  /**
   * Schedules the merge of every member that is not merging yet; one that overflowed since the
   * rollback began is removed instead. The root's member goes first, and {@code rootMerging} runs
   * as soon as it is merging: from then on the boot menu must start the old kernel.
   *
   * @return whether anything is left to merge
   */
  private boolean scheduleMerges(
      SnapshotSet set, Optional<LogicalVolume> rootMember, Runnable rootMerging) {
    console.step("Rolling back: merging snapshot set " + set.id());
    List<LogicalVolume> members = new ArrayList<>(set.snapshots());
    rootMember.ifPresent(
        root -> {
          members.remove(root);
          members.add(0, root);
        });
    boolean merging = false;
    for (LogicalVolume snapshot : members) {
      SnapshotSets.requireOurs(snapshot);
      if (snapshot.mergePending()) {
        console.detail(snapshot.name() + " is already scheduled to merge");
        merging = true;
      } else if (snapshot.invalid()) {
        removeUnmergeable(snapshot); // only once the rollback has begun: see requireRollbackable
        machine.trail().memberRemoved(set, snapshot);
        continue;
      } else {
        merge(snapshot);
        merging = true;
      }
      if (rootMember.isPresent() && rootMember.get().equals(snapshot)) {
        rootMerging.run();
      }
    }
    return merging;
  }

  private void merge(LogicalVolume snapshot) {
    try {
      machine.lvm().merge(snapshot.name());
    } catch (LvmException | ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          e.getMessage()
              + "; merges already scheduled cannot be cancelled: fix the cause and run"
              + " 'safeup rollback' again to finish");
    }
    console.detail(
        "merge of " + snapshot.name() + " into " + SnapshotSet.originOf(snapshot) + " scheduled");
  }

  /** Says what is left and reboots when asked; with nothing left to merge, the rollback is done. */
  private void finish(SnapshotSet set, boolean merging, boolean reboot) {
    if (!merging) {
      new FinishedRollbacks(machine, console).record();
      console.success(
          "Rollback of snapshot set " + set.id() + " finished: nothing is left to merge.");
      return;
    }
    if (!reboot) {
      console.success(
          "Rollback scheduled: it completes when the volumes are next activated. Reboot now.");
      return;
    }
    console.success("Rollback scheduled; rebooting to complete it.");
    new Reboot(machine, config).now("the rollback is scheduled: reboot by hand to complete it");
  }

  /**
   * A member that overflowed after its set's rollback began holds nothing that can be merged: it
   * goes, so that the rest of the rollback can finish, and its origin stays as the update left it.
   */
  private void removeUnmergeable(LogicalVolume snapshot) {
    VolumeName origin = SnapshotSet.originOf(snapshot);
    try {
      machine.lvm().remove(snapshot.name());
    } catch (LvmException | ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          e.getMessage() + "; fix the cause and run 'safeup rollback' again to finish");
    }
    console.warning(
        snapshot.name()
            + " overflowed, so it cannot be merged: removed. "
            + origin
            + " stays as the update left it while the rest of the set rolls back. Once the"
            + " rollback is complete, 'pacman -Qkk' lists the files on it that differ from"
            + " pacman's database: reinstall their packages");
  }

  /**
   * Refuses a set that cannot be merged back as a whole. Before the first merge every member must
   * be mergeable; once one is merged (the rollback began), finishing is the only way left.
   */
  void requireRollbackable(SnapshotSet set) {
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
