package safeup.core.decision;

import java.util.Optional;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.core.diff.DiffResult;
import safeup.core.diff.Scope;
import safeup.core.diff.SetDiff;

/**
 * What a rollback of a set undoes, in one line ({@code 2 packages, 3 files in /etc, logs}), from
 * {@code safeup diff}'s comparison: for the question, the rollback's own output, its journal entry
 * and its evidence. When it cannot be told, a warning says why and the rollback goes on.
 */
public final class UndoSummary {
  private UndoSummary() {}

  static Optional<DiffResult> of(
      Machine machine, Console console, SnapshotSet set, boolean progress) {
    try {
      return Optional.of(
          new SetDiff(machine, console).of(set, Scope.everything(), false, progress));
    } catch (RuntimeException e) { // the rollback matters more than telling what it undoes
      console.warning(
          "cannot tell what else the rollback undoes ("
              + e.getMessage()
              + "); 'safeup diff' shows it when it can");
      return Optional.empty();
    }
  }

  /** The one line of what rolling {@code set} back undoes, when it can be told. */
  public static Optional<String> line(Machine machine, Console console, SnapshotSet set) {
    return of(machine, console, set, false).map(DiffResult::summaryLine);
  }

  /** The words for {@code changes} packages, when nothing more is known. */
  public static String packages(int changes) {
    return changes == 1 ? "1 package change" : changes + " package changes";
  }
}
