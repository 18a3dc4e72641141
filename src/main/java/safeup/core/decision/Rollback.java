package safeup.core.decision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import safeup.core.carry.KeptFiles;
import safeup.core.carry.RollbackEvidence;
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
  private Optional<String> undoes = Optional.empty();
  private List<Path> keeping = List.of();

  public Rollback(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  /** What the rollback undoes, when it was told before it began: see {@link UndoSummary}. */
  public Rollback undoing(Optional<String> what) {
    this.undoes = what;
    return this;
  }

  /** Files to carry over the rollback, checked already: see {@link KeepChoice}. */
  Rollback keeping(List<Path> paths) {
    this.keeping = List.copyOf(paths);
    return this;
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
  public void run(SnapshotSet asked, boolean reboot, boolean restoreBoot) {
    requireRollbackable(asked);
    PacmanIdle.awaitUnlessStale(
        machine,
        console,
        DecisionService.pacmanPaths(machine),
        config.pacmanLockWait(),
        "nothing was merged",
        "the rollback goes on, as it runs no pacman, and the lock goes with the rest of the"
            + " update");
    Optional<BootSave> boot = restoreBoot ? checkedBootCopy(asked) : Optional.empty();
    Optional<String> undone = undoes.isPresent() ? undoes : told(asked);
    SnapshotSet written = new RollbackEvidence(machine, console).write(asked, reason, undone);
    SnapshotSet set = new KeptFiles(machine, console).carry(written, keeping);
    requireRollbackable(set); // the evidence and the kept files took room in snapshots
    Optional<BootPutBackFlag> putBack =
        boot.map(save -> BootPutBackFlag.of(machine, console, save));
    Optional<LogicalVolume> rootMember = rootMember(set, putBack);
    tagMembers(set);
    UnfinishedBootPutBack unfinished = new UnfinishedBootPutBack(machine, config, console);
    Optional<BootPutBackRecord> record = boot.map(save -> unfinished.record(set, save));
    List<VolumeName> mergingBack = mergingBack(set);
    FinishedRollbacks.mark(machine, console, set, mergingBack, reason);
    HeldSignals held = HeldSignals.hold(machine, console, "the rollback puts /boot back first");
    boolean merging = scheduleMerges(set, rootMember, putBack);
    if (merging) {
      machine.trail().rollbackScheduled(set, mergingBack, undone);
    }
    boot.ifPresent(save -> new BootRestore(machine, console).restore(save));
    putBack.ifPresent(BootPutBackFlag::clear);
    BootMenuFlag.of(machine, console, set).clear();
    new LoginMessage(machine, console).clear();
    record.ifPresent(unfinished::remove);
    held.endIfAsked(merging ? "reboot to complete the rollback" : "the rollback is complete");
    finish(set, merging, reboot);
  }

  /** What the rollback undoes, told on the console as it was not told before. */
  private Optional<String> told(SnapshotSet set) {
    Optional<String> what = UndoSummary.line(machine, console, set);
    what.ifPresent(w -> console.detail("the rollback undoes: " + w));
    return what;
  }

  /** The member whose origin is the root filesystem, for the boot menu's put-back entry. */
  private Optional<LogicalVolume> rootMember(SnapshotSet set, Optional<BootPutBackFlag> putBack) {
    Optional<LogicalVolume> rootMember = putBack.flatMap(flag -> flag.rootMember(set));
    if (putBack.isPresent() && rootMember.isEmpty()) {
      console.detail(
          "the copy of /boot is not on the root filesystem: the boot menu cannot start its kernel"
              + " should the power fail before /boot is back");
    }
    return rootMember;
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
   * Schedules the merge of every member that is not merging yet, in three steps: the root's member
   * first; then, once it merges, the boot menu's flag that starts the saved kernel should /boot not
   * be back by the next boot; then the rest.
   *
   * @return whether anything is left to merge
   */
  private boolean scheduleMerges(
      SnapshotSet set, Optional<LogicalVolume> rootMember, Optional<BootPutBackFlag> putBack) {
    console.step("Rolling back: merging snapshot set " + set.id());
    List<LogicalVolume> rest = new ArrayList<>(set.snapshots());
    boolean rootMerging =
        rootMember.isPresent()
            && rest.remove(rootMember.get())
            && scheduleMerge(set, rootMember.get());
    if (rootMerging) {
      putBack.ifPresent(BootPutBackFlag::set);
    }
    boolean merging = rootMerging;
    for (LogicalVolume snapshot : rest) {
      merging |= scheduleMerge(set, snapshot);
    }
    return merging;
  }

  /**
   * Schedules the merge of one member; one that overflowed since the rollback began is removed
   * instead.
   *
   * @return whether it merges
   */
  private boolean scheduleMerge(SnapshotSet set, LogicalVolume snapshot) {
    SnapshotSets.requireOurs(snapshot);
    if (snapshot.mergePending()) {
      console.detail(snapshot.name() + " is already scheduled to merge");
      return true;
    }
    if (snapshot.invalid()) {
      removeUnmergeable(snapshot); // only once the rollback has begun: see RollbackRefusals
      machine.trail().memberRemoved(set, snapshot);
      return false;
    }
    merge(snapshot);
    return true;
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

  /** Refuses a set that cannot be merged back as a whole: see {@link RollbackRefusals}. */
  void requireRollbackable(SnapshotSet set) {
    new RollbackRefusals(machine).require(set);
  }
}
