package safeup.core.set;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SafeupTags;
import safeup.core.SnapshotSet;
import safeup.core.boot.BootSave;
import safeup.lvm.LvmException;
import safeup.process.ProgramNotFoundException;
import safeup.system.Signals;

/**
 * Takes a snapshot set, all or nothing: when one snapshot cannot be made, or a signal comes, the
 * set is given up and those already made are removed.
 */
public final class SnapshotTaker {
  private final Machine machine;
  private final Console console;
  private final AtomicReference<String> interruption = new AtomicReference<>();

  public SnapshotTaker(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Creates every planned snapshot, each tagged as a member of the set in its own lvcreate; on any
   * failure removes what was made and refuses.
   */
  public void take(
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
      create(p, setId, tags);
    }
    machine
        .trail()
        .made(
            setId,
            plan.stream().map(p -> p.origin().name()).toList(),
            command,
            reason.orElse("update"));
  }

  /** Creates one snapshot, tagged as a member of the set; gives the set up when that fails. */
  private void create(PlannedSnapshot p, String setId, List<String> tags) {
    try {
      machine.lvm().createSnapshot(p.origin().name(), p.name(), p.size(), tags);
    } catch (LvmException | ProgramNotFoundException e) {
      requireNotInterrupted(setId); // Ctrl-C reaches lvcreate too: say so rather than its error
      throw giveUp(setId, ExitCode.SNAPSHOT_FAILED, e.getMessage(), "pacman did not run");
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

  /**
   * Removes the set and refuses when a signal came since {@link #take} began: the promise is all or
   * nothing, and a run interrupted before pacman starts leaves nothing behind.
   */
  public void requireNotInterrupted(String setId) {
    String signal = interruption.get();
    if (signal != null) {
      throw giveUp(
          setId,
          ExitCode.SNAPSHOT_FAILED,
          "interrupted (SIG" + signal + ") while the snapshots were made",
          "pacman did not run");
    }
  }

  /**
   * Gives the set up: removes every snapshot tagged with it (LVM, not memory, says what was made)
   * and gives the refusal to throw, which says why ({@code cause}), what became of the set, and
   * what follows ({@code afterwards}, when not empty).
   */
  public SafeupException giveUp(String setId, ExitCode code, String cause, String afterwards) {
    String outcome;
    try {
      Optional<SnapshotSet> made =
          machine.ourSets().stream().filter(set -> set.id().equals(setId)).findFirst();
      if (made.isPresent()) {
        new SetRemover(machine, console).remove(made.get());
        machine.trail().removed(made.get(), "safeup stopped before pacman ran");
        outcome = "the snapshots already made were removed";
      } else {
        outcome = "no snapshot was left behind";
      }
    } catch (RuntimeException e) {
      console.error("could not remove the partial snapshot set " + setId + ": " + e.getMessage());
      outcome = "snapshot set " + setId + " is incomplete: remove it with 'safeup keep'";
    }
    return new SafeupException(
        code, cause + "; " + outcome + (afterwards.isEmpty() ? "" : "; " + afterwards));
  }
}
