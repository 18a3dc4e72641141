package safeup.core.trial;

import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.decision.FinishedRollbacks;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.process.ProgramNotFoundException;

/** Writes a set's trials into its first member's tags, one metadata update each. */
final class TrialRecorder {
  private final Machine machine;

  TrialRecorder(Machine machine) {
    this.machine = machine;
  }

  /** Records {@code now}, in place of {@code before} when there is one. */
  void record(SnapshotSet set, Optional<Trial> before, Trial now) {
    try {
      machine
          .lvm()
          .changeTags(
              set.snapshots().get(0).name(),
              before.map(t -> List.of(t.tag())).orElse(List.of()),
              List.of(now.tag()));
    } catch (LvmException | ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          e.getMessage()
              + "; trial boot "
              + now.number()
              + " of snapshot set "
              + set.id()
              + " was not recorded");
    }
  }

  /**
   * The newest pending set, from one listing of the volumes, after a rollback that finished since
   * the last look is put on record (with the page cache flushed first, as a boot's first look).
   */
  static Optional<SnapshotSet> pendingAfterRecording(Machine machine, Console console) {
    List<LogicalVolume> volumes = new FinishedRollbacks(machine, console).listAndRecord(true);
    return pendingSet(SnapshotSets.of(volumes, machine.machineId()));
  }

  /**
   * The newest pending set, for which boots are tried; not one merging, nor one whose rollback was
   * interrupted.
   */
  static Optional<SnapshotSet> pendingSet(List<SnapshotSet> sets) {
    List<SnapshotSet> pending =
        sets.stream().filter(s -> s.state() == SnapshotSet.State.PENDING).toList();
    return pending.isEmpty() ? Optional.empty() : Optional.of(pending.get(pending.size() - 1));
  }
}
