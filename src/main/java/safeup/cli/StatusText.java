package safeup.cli;

import java.util.List;
import safeup.console.Console;
import safeup.core.BootPutBackRecord;
import safeup.core.SnapshotFill;
import safeup.core.SnapshotSet;
import safeup.core.decision.StatusService;
import safeup.core.decision.StatusService.SetStatus;
import safeup.core.trial.Trials;
import safeup.core.unattended.BootSnapshot;
import safeup.core.unattended.HookSnapshot;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PackageChange;

/** {@code safeup status} for people. */
final class StatusText {
  private StatusText() {}

  static void print(StatusService.Report report, Console console) {
    for (BootPutBackRecord unfinished : report.unfinished()) {
      console.step("Snapshot set " + unfinished.setId() + " (rollback interrupted)");
      console.detail(
          "boot:    its merge is complete, but /boot was not put back from "
              + unfinished.save()
              + ": the running kernel may not match the modules on the root");
      console.detail("next:    " + unfinished.finishingCommand() + "  (to finish it)");
    }
    List<SetStatus> sets = report.sets();
    if (sets.isEmpty() && report.unfinished().isEmpty()) {
      console.line("No snapshot sets: nothing is pending.");
      return;
    }
    for (SetStatus status : sets) {
      SnapshotSet set = status.set();
      console.step("Snapshot set " + set.id() + " (" + set.state() + ")");
      console.detail("made:    " + set.created());
      console.detail(
          "before:  "
              + (set.reason().equals(BootSnapshot.REASON)
                  ? "a snapshot boot (taken at boot)"
                  : (set.command().isEmpty() ? "?" : set.command())
                      + (set.reason().equals(HookSnapshot.REASON)
                          ? " (taken by the pacman hook)"
                          : "")));
      for (LogicalVolume snapshot : set.snapshots()) {
        console.detail("volume:  " + SnapshotFill.describe(set, snapshot));
      }
      int gone = set.expectedMembers() - set.snapshots().size();
      if (gone > 0) {
        console.detail(
            "volume:  "
                + gone
                + " of the "
                + set.expectedMembers()
                + " snapshots "
                + (gone == 1 ? "is" : "are")
                + " gone: "
                + (set.rollbackStarted()
                    ? "merged by the rollback already"
                    : "safeup was interrupted while making or removing the set"));
      }
      set.bootSave().ifPresent(save -> console.detail("boot:    /boot saved in " + save));
      String trials = Trials.of(set).summary();
      if (!trials.isEmpty()) {
        console.detail("trials:  " + trials);
      }
      if (status.changes().isEmpty()) {
        console.detail("changed: unknown (pacman's log is not readable)");
      } else {
        List<PackageChange> changes = status.changes().get();
        console.detail(
            "changed: "
                + changes.size()
                + (changes.size() == 1 ? " package" : " packages")
                + " since");
        changes.forEach(c -> console.detail("         " + c));
      }
      console.detail("next:    " + set.next());
    }
  }
}
