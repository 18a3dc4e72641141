package safeup.core.trial;

import java.util.Optional;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.core.decision.LoginMessage;
import safeup.core.decision.Rollback;
import safeup.core.trial.Trial.Verdict;
import safeup.files.RunLock;

/**
 * {@code safeup boot trial}, run early in every boot by {@code safeup-trial.service}: counts the
 * boot as a trial of the pending set. A trial still without a verdict is from a boot that did not
 * complete: it failed. Once {@code TrialBoots} trials failed, this boot rolls the set back, with
 * /boot, through the same recorded rollback as {@code safeup rollback}, and reboots.
 */
public final class TrialStart {
  private final Machine machine;
  private final Config config;
  private final Console console;

  public TrialStart(Machine machine, Config config, Console console) {
    this.machine = machine;
    this.config = config;
    this.console = console;
  }

  public void run() {
    machine.requireRoot("count trial boots");
    try (RunLock lock = machine.lockRun()) {
      // one completed already goes on record
      Optional<SnapshotSet> pending = TrialRecorder.pendingAfterRecording(machine, console);
      pending.ifPresent(set -> new LoginMessage(machine, console).pending(set));
      if (config.trialBoots() == 0) {
        console.line("Trial boots are off (TrialBoots = off): this boot is no trial.");
      } else if (pending.isEmpty()) {
        console.line("No snapshot set is pending: this boot is no trial.");
      } else {
        countAsTrial(pending.get());
      }
    }
  }

  /** Records this boot as the set's next trial, or rolls the set back when enough failed. */
  private void countAsTrial(SnapshotSet set) {
    Trials trials = Trials.of(set);
    int failed = trials.failed();
    Optional<Trial> unfinished = trials.unfinished();
    if (unfinished.isPresent()) {
      failed += closeUnfinished(set, unfinished.get());
    }
    if (failed >= config.trialBoots()) {
      rollBack(set, failed);
      return;
    }
    Trial trial = new Trial(trials.next(), Verdict.STARTED, "");
    new TrialRecorder(machine).record(set, Optional.empty(), trial);
    console.line(
        "Trial boot "
            + trial.number()
            + " of snapshot set "
            + set.id()
            + " ("
            + failed
            + " failed so far; "
            + config.trialBoots()
            + " failed trials roll it back).");
  }

  /**
   * The trial of an earlier boot that reached no verdict: one that never reached
   * boot-complete.target failed; one shut down while its checks ran was interrupted.
   *
   * @return 1 when it failed
   */
  private int closeUnfinished(SnapshotSet set, Trial trial) {
    int n = trial.number();
    boolean checking = trial.verdict() == Verdict.CHECKING;
    Trial closed =
        checking
            ? new Trial(n, Verdict.INTERRUPTED, "shut down while its checks ran")
            : new Trial(n, Verdict.FAILED, "boot " + n + " did not complete");
    new TrialRecorder(machine).record(set, Optional.of(trial), closed);
    String what = "trial boot " + n + " of snapshot set " + set.id();
    if (checking) {
      console.line(what + " was shut down while its checks ran: not counted.");
      return 0;
    }
    console.warning(what + " did not complete (it never reached boot-complete.target)");
    return 1;
  }

  private void rollBack(SnapshotSet set, int failed) {
    console.step(
        "Snapshot set "
            + set.id()
            + " failed "
            + failed
            + " trial boots (TrialBoots = "
            + config.trialBoots()
            + "): rolling it back");
    SnapshotSet now =
        machine.ourSets().stream().filter(s -> s.id().equals(set.id())).findFirst().orElse(set);
    String last = Trials.of(now).lastFailure().map(t -> "; last: " + t.note()).orElse("");
    new Rollback(machine, config, console)
        .because("after " + failed + " failed trial boots" + last)
        .run(now, true, true);
  }
}
