package safeup.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import safeup.config.Config;
import safeup.console.Console;
import safeup.console.Prompter;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.lvm.VolumeName;
import safeup.process.Argv;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/** Keeping an update (removing its set) and rolling it back (merging its set, then rebooting). */
public final class DecisionService {
  private final Machine machine;
  private final Config config;
  private final Console console;

  public DecisionService(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  /** {@code safeup keep}: removes the named set, or the only one. */
  public void keep(Optional<String> id) {
    machine.requireRoot("remove snapshots");
    try (RunLock lock = machine.lockRun()) {
      new FinishedRollbacks(machine, console).record();
      keep(select(machine.ourSets(), id, "keep"));
    }
  }

  /**
   * {@code safeup rollback}: shows the set, asks unless {@code yes}, merges it and reboots unless
   * told not to.
   */
  public void rollback(
      Optional<String> id,
      boolean reboot,
      boolean yes,
      boolean restoreBoot,
      Supplier<Optional<Prompter>> prompter) {
    machine.requireRoot("merge snapshots");
    try (RunLock lock = machine.lockRun()) {
      new FinishedRollbacks(machine, console).record();
      SnapshotSet set = select(machine.ourSets(), id, "rollback");
      requireRollbackable(set);
      StatusService.SetStatus status = new StatusService(machine).status(set);
      console.step(
          "Snapshot set " + set.id() + " (" + set.state() + "), made before: " + set.command());
      status.changes().ifPresent(changes -> changes.forEach(c -> console.detail(c.toString())));
      set.bootSave()
          .ifPresent(
              save ->
                  console.detail(
                      restoreBoot
                          ? "/boot is put back from " + save
                          : "/boot stays as it is (--without-boot)"));
      if (!yes) {
        Prompter asker =
            prompter
                .get()
                .orElseThrow(
                    () ->
                        new SafeupException(
                            ExitCode.REFUSED,
                            "rollback asks for confirmation, but there is no terminal to ask on;"
                                + " pass --yes to roll back without asking"));
        int changes = status.changes().map(List::size).orElse(0);
        if (!new DecisionPrompt(console, asker).confirmRollback(changes, reboot)) {
          console.line("Nothing was changed.");
          return;
        }
      }
      rollback(set, reboot, restoreBoot);
    }
  }

  /**
   * The set a decision is about: the one named, or the only one there is.
   *
   * @param verb "keep" or "rollback", for the messages
   */
  public static SnapshotSet select(List<SnapshotSet> sets, Optional<String> id, String verb) {
    if (id.isPresent()) {
      return sets.stream()
          .filter(s -> s.id().equals(id.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new SafeupException(
                      ExitCode.NO_SET,
                      "there is no snapshot set '" + id.get() + "' ('safeup status' lists them)"));
    }
    if (sets.isEmpty()) {
      throw new SafeupException(ExitCode.NO_SET, "there is no pending snapshot set to " + verb);
    }
    if (sets.size() > 1) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "there are "
              + sets.size()
              + " snapshot sets ("
              + sets.stream().map(SnapshotSet::id).collect(Collectors.joining(", "))
              + "); name one: safeup "
              + verb
              + " ID");
    }
    return sets.get(0);
  }

  /** Removes every snapshot of the set: the update stays. */
  public void keep(SnapshotSet set) {
    if (set.mayKeep()) {
      requireNoneInUse(set, ExitCode.REFUSED, "nothing was removed", "safeup keep");
      console.step("Keeping the update: removing snapshot set " + set.id());
      new SetRemover(machine, console).remove(set);
      machine.trail().kept(set);
      BootMenuFlag.of(machine, console, set).clear();
      console.success("Update kept; snapshot set " + set.id() + " removed.");
      return;
    }
    if (set.state() == SnapshotSet.State.MERGE_SCHEDULED) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "snapshot set "
              + set.id()
              + " is already being rolled back (merge scheduled, cannot be cancelled);"
              + " reboot to complete the rollback");
    }
    if (set.state() == SnapshotSet.State.ROLLBACK_INTERRUPTED) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "the rollback of snapshot set "
              + set.id()
              + " was started and interrupted; part of the set may be merged already, and keeping"
              + " the rest would leave pacman's files and database apart. Run 'safeup rollback'"
              + " to finish it");
    }
    throw new SafeupException(
        ExitCode.REFUSED, "snapshot set " + set.id() + " cannot be kept now; next: " + set.next());
  }

  /**
   * Merges the set back into its origins and, if asked, reboots to complete the merge. A set
   * already merging is refused; members already merging in a set whose rollback was interrupted are
   * left as they are and the rest is merged, so that such a rollback can be finished.
   */
  public void rollback(SnapshotSet set, boolean reboot) {
    rollback(set, reboot, true);
  }

  /**
   * As {@link #rollback(SnapshotSet, boolean)}; with {@code restoreBoot} false, a set's copy of
   * /boot is neither checked nor put back.
   */
  public void rollback(SnapshotSet set, boolean reboot, boolean restoreBoot) {
    requireRollbackable(set);
    Optional<BootSave> boot =
        restoreBoot ? set.bootSave().map(path -> BootSave.at(machine, path)) : Optional.empty();
    boot.ifPresent(save -> new BootRestore(machine, console).requireReady(set, save));
    // Every member says "rollback started" before the first merge: should safeup stop half
    // way, the members left over tell the next run to finish, never to keep.
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
    List<VolumeName> mergingBack =
        set.snapshots().stream()
            .filter(lv -> lv.mergePending() || !lv.invalid())
            .map(SnapshotSet::originOf)
            .toList();
    FinishedRollbacks.mark(machine, console, set, mergingBack);
    console.step("Rolling back: merging snapshot set " + set.id());
    boolean merging = false;
    for (LogicalVolume snapshot : set.snapshots()) {
      SnapshotSets.requireOurs(snapshot);
      if (snapshot.mergePending()) {
        console.detail(snapshot.name() + " is already scheduled to merge");
        merging = true;
        continue;
      }
      if (snapshot.invalid()) {
        removeUnmergeable(snapshot); // only once the rollback has begun: see requireRollbackable
        machine.trail().memberRemoved(set, snapshot);
        continue;
      }
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
      merging = true;
    }
    if (merging) {
      machine.trail().rollbackScheduled(set, mergingBack);
    }
    boot.ifPresent(save -> new BootRestore(machine, console).restore(save));
    // After the restore, which may bring back an older grubenv: the mark ends unset either way.
    BootMenuFlag.of(machine, console, set).clear();
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
    rebootNow();
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
  private void requireRollbackable(SnapshotSet set) {
    if (set.mayRollBack()) {
      requireNoneOpen(set);
      if (!set.rollbackStarted()) {
        requireOriginsNotMerging(set);
      }
      return;
    }
    SnapshotSet.State state = set.state();
    if (state == SnapshotSet.State.MERGE_SCHEDULED) {
      throw new SafeupException(
          ExitCode.ROLLBACK_REFUSED,
          "snapshot set "
              + set.id()
              + " is already merging (rollback scheduled); reboot to complete it");
    }
    if (state == SnapshotSet.State.INVALID) {
      String invalid =
          set.snapshots().stream()
              .filter(LogicalVolume::invalid)
              .map(lv -> lv.name().toString())
              .collect(Collectors.joining(", "));
      throw new SafeupException(
          ExitCode.ROLLBACK_REFUSED,
          "snapshot "
              + invalid
              + " overflowed and is invalid, so set "
              + set.id()
              + " can no longer be rolled back; 'safeup keep' removes it");
    }
    if (state == SnapshotSet.State.INCOMPLETE) {
      throw new SafeupException(
          ExitCode.ROLLBACK_REFUSED,
          "snapshot set "
              + set.id()
              + " is incomplete ("
              + set.snapshots().size()
              + " of "
              + set.expectedMembers()
              + " snapshots; safeup was interrupted while making or removing it): rolling back"
              + " part of it would leave pacman's files and database apart. 'safeup keep'"
              + " removes it");
    }
    throw new SafeupException(
        ExitCode.ROLLBACK_REFUSED,
        "snapshot set " + set.id() + " cannot be rolled back now; next: " + set.next());
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
    requireNoneInUse(set, ExitCode.ROLLBACK_REFUSED, "nothing was merged", "safeup rollback");
  }

  /** Refuses, naming them, when snapshots of the set are open (mounted, or held by a program). */
  private static void requireNoneInUse(
      SnapshotSet set, ExitCode refusal, String nothingDone, String again) {
    List<String> open =
        set.snapshots().stream()
            .filter(lv -> lv.open() && !lv.mergePending())
            .map(lv -> lv.name().toString())
            .toList();
    if (!open.isEmpty()) {
      throw new SafeupException(
          refusal,
          String.join(", ", open)
              + (open.size() == 1 ? " is" : " are")
              + " in use (mounted, or held by a program): "
              + nothingDone
              + ". Unmount it ('safeup umount DIR' for a set safeup mounted; findmnt and fuser"
              + " show who holds it), then run '"
              + again
              + "' again");
    }
  }

  private void rebootNow() {
    String command = Argv.render(config.rebootCommand());
    try {
      ProcessResult result = machine.processes().change(config.rebootCommand());
      if (!result.succeeded()) {
        throw new SafeupException(
            ExitCode.DECISION_FAILED,
            "the reboot command '"
                + command
                + "' failed: "
                + result.lastMessage()
                + "; the rollback is scheduled: reboot by hand to complete it");
      }
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          "the reboot command '"
              + command
              + "' was not found (RebootCommand); the rollback is scheduled: reboot by hand to"
              + " complete it");
    }
  }
}
