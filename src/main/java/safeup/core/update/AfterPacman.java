package safeup.core.update;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import safeup.config.Config;
import safeup.console.Console;
import safeup.console.Prompter;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.boot.BootMenuFlag;
import safeup.core.boot.BootSave;
import safeup.core.decision.Decision;
import safeup.core.decision.DecisionPrompt;
import safeup.core.decision.DecisionService;
import safeup.core.decision.LoginMessage;
import safeup.core.decision.Rollback;
import safeup.core.decision.UndoSummary;
import safeup.core.set.SetRemover;
import safeup.lvm.LvmException;
import safeup.process.ProgramNotFoundException;

/**
 * What follows pacman: a set that protects nothing goes; otherwise the report, and the decision
 * asked for or carried out. The set is read from LVM again, as it is now, not as it was planned.
 */
final class AfterPacman {
  private final Machine machine;
  private final Config config;
  private final Console console;

  AfterPacman(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  /**
   * Settles set {@code setId} after pacman exited with {@code pacmanCode} having changed {@code
   * changed}.
   *
   * @return the process exit code: pacman's when it failed
   */
  int settle(
      String setId,
      WhatChanged changed,
      int pacmanCode,
      Decision then,
      Supplier<Optional<Prompter>> prompter,
      Path pacmanRoot,
      Optional<BootSave> boot) {
    Optional<SnapshotSet> found = currentSet(setId);
    if (!changed.systemMayHaveChanged()) {
      return found
          .map(set -> discardUnused(set, pacmanCode, pacmanRoot))
          .orElseGet(() -> noneToDiscard(setId, pacmanCode, boot));
    }
    SnapshotSet set =
        found.orElseThrow(
            () ->
                new SafeupException(
                    ExitCode.INTERNAL,
                    "snapshot set " + setId + " disappeared while pacman ran ('lvs' lists LVs)"));
    new UpdateReport(console).show(set, changed, pacmanCode);
    return decide(set, then, prompter, changed.changes().size(), pacmanCode, pacmanRoot);
  }

  private Optional<SnapshotSet> currentSet(String setId) {
    return machine.ourSets().stream().filter(s -> s.id().equals(setId)).findFirst();
  }

  /**
   * Nothing changed and LVM lists no snapshot of the set: it was never made (the gateways only
   * printed the commands) or was removed meanwhile. Only the copy of /boot is left to remove.
   */
  private int noneToDiscard(String setId, int pacmanCode, Optional<BootSave> boot) {
    console.step(
        "Nothing to protect: pacman changed nothing, and LVM lists no snapshot of set " + setId);
    boot.ifPresent(save -> new SetRemover(machine, console).discardBootSave(save.location()));
    return pacmanCode;
  }

  /** Nothing changed: the set protects nothing, so it goes. */
  private int discardUnused(SnapshotSet set, int pacmanCode, Path pacmanRoot) {
    String why =
        pacmanCode == 0
            ? "pacman changed nothing"
            : "pacman exited with " + pacmanCode + " before changing anything";
    console.step("Nothing to protect: " + why + "; removing snapshot set " + set.id());
    try {
      new SetRemover(machine, console).remove(set);
      machine.trail().removed(set, why);
    } catch (SafeupException e) {
      console.error(e.getMessage());
      return pacmanCode != 0 ? pacmanCode : e.exitCode().code();
    }
    new BootMenuFlag(machine, console, pacmanRoot).clear();
    console.line("Snapshot set " + set.id() + " removed; the system is as it was.");
    return pacmanCode;
  }

  private int decide(
      SnapshotSet set,
      Decision then,
      Supplier<Optional<Prompter>> prompter,
      int changes,
      int pacmanCode,
      Path pacmanRoot) {
    AtomicReference<Optional<String>> undoes = new AtomicReference<>(Optional.empty());
    Decision decision = asked(set, then, prompter, changes, undoes);
    try {
      DecisionService decisions = new DecisionService(machine, config, console);
      switch (decision) {
        case KEEP -> decisions.keep(set);
        case ROLLBACK ->
            new Rollback(machine, config, console)
                .because("chosen after the update")
                .undoing(undoes.get())
                .run(set, true, true);
        default -> {
          stillPending(set, pacmanRoot);
          console.line(
              "Snapshot set "
                  + set.id()
                  + " stays pending. Decide later with 'safeup keep' or 'safeup rollback'.");
        }
      }
    } catch (SafeupException e) {
      stillPending(set, pacmanRoot); // the set stays
      console.error(e.getMessage());
      return pacmanCode != 0 ? pacmanCode : e.exitCode().code();
    }
    return pacmanCode;
  }

  /**
   * The decision: {@code then}, or the user's answer when {@code then} is to ask. What a rollback
   * undoes is told (into {@code undoes}) only when the answer is to roll back.
   */
  private Decision asked(
      SnapshotSet set,
      Decision then,
      Supplier<Optional<Prompter>> prompter,
      int changes,
      AtomicReference<Optional<String>> undoes) {
    if (then != Decision.ASK) {
      return then;
    }
    Supplier<String> told =
        () -> {
          undoes.set(UndoSummary.line(machine, console, set));
          return undoes.get().orElse(UndoSummary.packages(changes));
        };
    return prompter
        .get()
        .map(p -> new DecisionPrompt(console, p).ask(told, set.mayRollBack()))
        .orElse(Decision.LATER);
  }

  /**
   * The boot menu offers to roll the set back, and every login says that it is pending, with its
   * fill level as it is now.
   */
  private void stillPending(SnapshotSet set, Path pacmanRoot) {
    new BootMenuFlag(machine, console, pacmanRoot).set(set.id(), config.trialBoots());
    if (!pacmanRoot.equals(Path.of("/"))) {
      return; // another system's set: not this system's logins
    }
    try {
      machine.ourSets().stream()
          .filter(s -> s.id().equals(set.id()) && s.mayRollBack())
          .findFirst()
          .ifPresent(now -> new LoginMessage(machine, console).pending(now));
    } catch (LvmException | ProgramNotFoundException e) {
      console.detail("the login message was not written: " + e.getMessage());
    }
  }
}
