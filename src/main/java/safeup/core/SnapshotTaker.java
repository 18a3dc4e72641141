package safeup.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.process.ProgramNotFoundException;
import safeup.system.Signals;

/** Takes a snapshot set, all or nothing, and removes one that must not stay. */
final class SnapshotTaker {
  private final Machine machine;
  private final Console console;
  private final AtomicReference<String> interruption = new AtomicReference<>();

  SnapshotTaker(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Creates every planned snapshot, each tagged as a member of the set in its own lvcreate; on any
   * failure removes what was made and refuses.
   */
  void take(
      List<PlannedSnapshot> plan,
      String setId,
      String command,
      Path logFile,
      Optional<BootSave> bootSave,
      Optional<String> reason) {
    // Ctrl-C, TERM or HUP from here until pacman starts: finish the lvcreate under way, then
    // remove the set (see requireNotInterrupted).
    machine.signals().handle(Signals.ENDING, interruption::set);
    console.step("Taking snapshot set " + setId);
    List<String> tags =
        new ArrayList<>(
            SafeupTags.forSnapshot(
                setId,
                machine.host().machineId(),
                plan.size(),
                command,
                Optional.of(logFile.toString()),
                bootSave.map(save -> save.location().toString())));
    reason.ifPresent(why -> tags.add(SafeupTags.REASON + why));
    for (PlannedSnapshot p : plan) {
      try {
        machine.lvm().createSnapshot(p.origin().name(), p.name(), p.size(), tags);
      } catch (LvmException | ProgramNotFoundException e) {
        requireNotInterrupted(setId); // Ctrl-C reaches lvcreate too: say so rather than its error
        String cleanup = removeSet(setId);
        throw new SafeupException(
            ExitCode.SNAPSHOT_FAILED, e.getMessage() + "; " + cleanup + " pacman did not run");
      }
      console.detail(
          p.origin().name().vg()
              + "/"
              + p.name()
              + "  of "
              + p.origin().name()
              + (p.size() == null ? "  (thin)" : "  (" + Sizes.human(p.bytes()) + ")"));
      requireNotInterrupted(setId);
    }
    machine
        .trail()
        .made(
            setId,
            plan.stream().map(p -> p.origin().name()).toList(),
            command,
            reason.orElse("update"));
  }

  /**
   * Removes the set and refuses when a signal came since {@link #take} began: the promise is all or
   * nothing, and a run interrupted before pacman starts leaves nothing behind.
   */
  void requireNotInterrupted(String setId) {
    String signal = interruption.get();
    if (signal != null) {
      String cleanup = removeSet(setId);
      throw new SafeupException(
          ExitCode.SNAPSHOT_FAILED,
          "interrupted (SIG"
              + signal
              + ") while the snapshots were made; "
              + cleanup
              + " pacman did not run");
    }
  }

  /**
   * Removes every snapshot tagged with this set (LVM, not memory, says what was made), and says in
   * a few words what became of it, for the message that follows.
   */
  String removeSet(String setId) {
    try {
      for (SnapshotSet set : machine.ourSets()) {
        if (set.id().equals(setId)) {
          remove(set);
          machine.trail().removed(set, "safeup stopped before pacman ran");
          return "the snapshots already made were removed;";
        }
      }
      return "no snapshot was left behind;";
    } catch (RuntimeException e) {
      console.error("could not remove the partial snapshot set " + setId + ": " + e.getMessage());
      return "snapshot set " + setId + " is incomplete: remove it with 'safeup keep';";
    }
  }

  /** Removes the set's snapshots: when the update is kept, or protects nothing. */
  void remove(SnapshotSet set) {
    List<String> removed = new ArrayList<>();
    for (LogicalVolume snapshot : set.snapshots()) {
      SnapshotSets.requireOurs(snapshot);
      try {
        machine.lvm().remove(snapshot.name());
      } catch (LvmException | ProgramNotFoundException e) {
        throw new SafeupException(
            ExitCode.DECISION_FAILED,
            e.getMessage()
                + (removed.isEmpty()
                    ? ""
                    : " (already removed: " + String.join(", ", removed) + ")")
                + "; fix the cause and run 'safeup keep' again");
      }
      removed.add(snapshot.name().toString());
      console.detail("removed " + snapshot.name());
    }
    set.bootSave().ifPresent(this::discardBootSave);
  }

  /** The copy of /boot goes with its set; one left over is removed by a later run. */
  void discardBootSave(Path save) {
    try {
      BootSave.at(machine, save).discard();
      console.detail("removed the copy of /boot in " + save);
    } catch (RuntimeException e) {
      console.warning(e.getMessage() + "; safeup removes it on its next update");
    }
  }
}
