package safeup.core.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.core.boot.BootMenuFlag;
import safeup.core.trial.HealthChecks.Failure;
import safeup.core.trial.Trial.Verdict;
import safeup.files.RunLock;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * {@code safeup boot trial-check}, run by {@code safeup-trial-check.service} once the system is up:
 * the verdict on this boot's trial. It is good when the boot reached boot-complete.target and every
 * required health check passed; the set stays pending either way, as the decision is the user's
 * until {@code TrialBoots} trials failed.
 */
public final class TrialCheck {
  static final String BOOT_COMPLETE = "boot-complete.target";

  private final Machine machine;
  private final Config config;
  private final Console console;

  public TrialCheck(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  public void run() {
    machine.requireRoot("record trial boots");
    Optional<Trial> trial = checking();
    if (trial.isEmpty()) {
      return;
    }
    List<Failure> failures = new ArrayList<>(bootIncomplete());
    failures.addAll(new HealthChecks(machine, console).run());
    try (RunLock lock = machine.lockRun()) {
      Optional<SnapshotSet> pending = TrialRecorder.pendingSet(machine.ourSets());
      Optional<Trial> now = pending.flatMap(set -> Trials.of(set).unfinished());
      if (now.isEmpty()) {
        console.line("The set this boot tried was kept or rolled back meanwhile: no verdict.");
        return;
      }
      record(pending.get(), now.get(), failures);
    }
  }

  /**
   * This boot's trial, marked as checking: the boot completed, and a shutdown from now on only
   * interrupts it. Also records rollbacks completed since the boot began (their login message).
   */
  private Optional<Trial> checking() {
    try (RunLock lock = machine.lockRun()) {
      Optional<SnapshotSet> pending = TrialRecorder.pendingAfterRecording(machine, console);
      if (config.trialBoots() == 0) {
        return Optional.empty();
      }
      Optional<Trial> trial = pending.flatMap(set -> Trials.of(set).unfinished());
      if (trial.isEmpty()) {
        console.line("This boot is no trial: no pending snapshot set counted it at its start.");
        return Optional.empty();
      }
      Trial checking = new Trial(trial.get().number(), Verdict.CHECKING, "");
      if (trial.get().verdict() == Verdict.STARTED) {
        new TrialRecorder(machine).record(pending.get(), trial, checking);
      }
      return Optional.of(checking);
    }
  }

  private void record(SnapshotSet set, Trial trial, List<Failure> failures) {
    List<Failure> required = failures.stream().filter(Failure::required).toList();
    String wanted =
        failures.stream()
            .filter(f -> !f.required())
            .map(Failure::describe)
            .collect(Collectors.joining("; "));
    String what = "trial boot " + trial.number() + " of snapshot set " + set.id();
    if (required.isEmpty()) {
      new TrialRecorder(machine)
          .record(set, Optional.of(trial), new Trial(trial.number(), Verdict.GOOD, wanted));
      BootMenuFlag.of(machine, console, set).rearm(config.trialBoots());
      if (!wanted.isEmpty()) {
        console.warning(what + ": " + wanted);
      }
      console.success(capitalised(what) + " is good.");
      return;
    }
    String why = required.get(0).describe();
    new TrialRecorder(machine)
        .record(set, Optional.of(trial), new Trial(trial.number(), Verdict.FAILED, why));
    int failed = Trials.of(set).failed() + 1;
    required.forEach(f -> console.error(what + ": " + f.describe()));
    console.warning(
        what
            + " failed ("
            + failed
            + " of "
            + config.trialBoots()
            + " failed trials): "
            + (failed >= config.trialBoots()
                ? "the next boot rolls it back"
                : "'safeup rollback' rolls it back now, 'safeup keep' keeps it"));
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** boot-complete.target not reached (a unit it requires failed) fails the trial. */
  private List<Failure> bootIncomplete() {
    try {
      ProcessResult state =
          machine.processes().query(List.of("systemctl", "is-active", BOOT_COMPLETE));
      String now = state.stdout().strip();
      if (state.succeeded()) {
        return List.of();
      }
      return List.of(new Failure(BOOT_COMPLETE, true, "was not reached (" + now + ")"));
    } catch (ProgramNotFoundException e) {
      return List.of(new Failure(BOOT_COMPLETE, true, "could not be asked: no systemctl"));
    }
  }
}
