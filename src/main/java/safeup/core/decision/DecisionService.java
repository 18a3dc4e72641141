package safeup.core.decision;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import safeup.config.Config;
import safeup.console.Console;
import safeup.console.Prompter;
import safeup.core.BootPutBackRecord;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PacmanIdle;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootMenuFlag;
import safeup.core.diff.DiffResult;
import safeup.core.set.SetRemover;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanPaths;

/**
 * {@code safeup keep} and {@code safeup rollback}: the set chosen, shown and asked about; keeping
 * it removes it, rolling it back is {@link Rollback}'s.
 */
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
      String machineId = machine.machineId();
      // no flush: keeping removes the set whatever its fill
      List<LogicalVolume> volumes = new FinishedRollbacks(machine, console).listAndRecord(false);
      keep(SnapshotSets.select(SnapshotSets.of(volumes, machineId), id, "keep", "ID"));
    }
  }

  /**
   * What {@code safeup rollback} was asked.
   *
   * @param keep the paths to carry over the rollback ({@code --keep})
   */
  public record RollbackAsked(
      Optional<String> id, boolean reboot, boolean yes, boolean restoreBoot, List<Path> keep) {}

  /**
   * {@code safeup rollback}: shows the set and what the rollback undoes, asks unless {@code yes},
   * carries the files to keep, merges the set and reboots unless told not to.
   */
  public void rollback(RollbackAsked asked, Supplier<Optional<Prompter>> prompter) {
    machine.requireRoot("merge snapshots");
    try (RunLock lock = machine.lockRun()) {
      List<LogicalVolume> volumes = new FinishedRollbacks(machine, console).listAndRecord(true);
      List<SnapshotSet> sets = SnapshotSets.of(volumes, machine.machineId());
      Optional<BootPutBackRecord> unfinished =
          BootPutBackRecord.withoutSet(volumes, sets, machine.machineId()).stream()
              .filter(r -> asked.id().isEmpty() || asked.id().get().equals(r.setId()))
              .findFirst();
      if (unfinished.isPresent()) {
        new UnfinishedBootPutBack(machine, config, console)
            .finish(unfinished.get(), asked.reboot());
        return;
      }
      SnapshotSet set = SnapshotSets.select(sets, asked.id(), "rollback", "ID");
      decideAndRun(set, asked, prompter);
    }
  }

  /** Shows what the rollback undoes, checks or asks what to keep, asks, and rolls back. */
  private void decideAndRun(
      SnapshotSet set, RollbackAsked asked, Supplier<Optional<Prompter>> prompter) {
    Rollback rollback = new Rollback(machine, config, console);
    rollback.requireRollbackable(set);
    int changes = show(set, asked.restoreBoot());
    Optional<DiffResult> diff = UndoSummary.of(machine, console, set, !asked.yes());
    Optional<String> undoes = diff.map(DiffResult::summaryLine);
    undoes.ifPresent(what -> console.detail("the rollback undoes: " + what));
    KeepChoice keep = new KeepChoice(machine, console);
    List<Path> kept = keep.checked(set, asked.keep(), diff);
    String what = undoes.orElse(UndoSummary.packages(changes));
    if (!asked.yes() && !confirmed(prompter, what, asked.reboot())) {
      return;
    }
    if (asked.keep().isEmpty() && !asked.yes()) {
      kept = prompter.get().map(p -> keep.asked(diff, p)).orElse(List.of());
    }
    rollback.undoing(undoes).keeping(kept).run(set, asked.reboot(), asked.restoreBoot());
  }

  /**
   * Shows the set about to be rolled back: what it was made before, the packages changed since, and
   * what becomes of /boot.
   *
   * @return how many package changes the rollback undoes, as far as they are known
   */
  private int show(SnapshotSet set, boolean restoreBoot) {
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
    return status.changes().map(List::size).orElse(0);
  }

  /** Asks on the terminal; a refusal when there is none. */
  private boolean confirmed(Supplier<Optional<Prompter>> prompter, String undoes, boolean reboot) {
    Prompter asker =
        prompter
            .get()
            .orElseThrow(
                () ->
                    new SafeupException(
                        ExitCode.REFUSED,
                        "rollback asks for confirmation, but there is no terminal to ask on;"
                            + " pass --yes to roll back without asking"));
    if (!new DecisionPrompt(console, asker).confirmRollback(undoes, reboot)) {
      console.line("Nothing was changed.");
      return false;
    }
    return true;
  }

  /**
   * Removes the set. LVM removes a snapshot whose merge it aborted only once the system has
   * rebooted: before that, the refusal says what to do first.
   */
  private void removeKept(SnapshotSet set) {
    try {
      new SetRemover(machine, console).remove(set);
    } catch (SafeupException e) {
      if (set.state() != SnapshotSet.State.MERGE_FAILED) {
        throw e;
      }
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          "snapshot set "
              + set.id()
              + " cannot be removed yet: LVM removes a snapshot whose merge failed only once the"
              + " next boot has aborted that merge. First: "
              + set.next());
    }
  }

  /** Removes every snapshot of the set: the update stays. */
  public void keep(SnapshotSet set) {
    if (set.mayKeep()) {
      requireNoneInUse(set, ExitCode.REFUSED, "nothing was removed", "safeup keep");
      PacmanPaths paths = pacmanPaths(machine);
      PacmanIdle.awaitUnlessStale(
          machine,
          console,
          paths,
          config.pacmanLockWait(),
          "nothing was removed",
          "keep goes on, as it runs no pacman. Remove the lock before the next pacman: rm "
              + paths.lockFile());
      console.step("Keeping the update: removing snapshot set " + set.id());
      removeKept(set);
      machine.trail().kept(set);
      BootMenuFlag.of(machine, console, set).clear();
      new LoginMessage(machine, console).clear();
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

  /** Where pacman keeps its files on this system, and so its database lock. */
  static PacmanPaths pacmanPaths(Machine machine) {
    return machine.pacmanPaths(PacmanInvocation.of(List.of()));
  }

  /** Refuses, naming them, when snapshots of the set are open (mounted, or held by a program). */
  static void requireNoneInUse(
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
}
