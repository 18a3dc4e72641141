package safeup.cli;

import java.util.List;
import java.util.stream.Collectors;
import safeup.console.Console;
import safeup.core.diff.ChangeGroup;
import safeup.core.diff.DiffEntry;
import safeup.core.diff.DiffResult;
import safeup.core.diff.FileChange;
import safeup.core.diff.Summary;
import safeup.pacman.PackageChange;

/** {@code safeup diff}, as text: the one-line summary, then each group. */
final class DiffText {
  /** More lines than this in a group are counted; {@code --json} or a PATH lists them all. */
  private static final int MOST = 100;

  private DiffText() {}

  static void print(DiffResult result, Console console) {
    String command = result.set().command();
    console.step(
        "Snapshot set "
            + result.set().id()
            + (command.isEmpty() ? " (taken at boot)" : " (before '" + command + "')")
            + " against the live system");
    console.detail("a rollback would undo: " + result.summaryLine());
    if (!result.packages().isEmpty()) {
      console.step("Packages the update changed (" + result.packages().size() + "):");
      result.packages().stream().map(PackageChange::toString).forEach(console::detail);
    }
    for (ChangeGroup group : ChangeGroup.values()) {
      group(console, group, result.in(group));
    }
    if (!result.summaries().isEmpty()) {
      console.step("Counted, not listed (name a path in them to list it):");
      for (Summary s : result.summaries()) {
        console.detail(
            s.path()
                + "  "
                + s.what()
                + ": "
                + s.added()
                + " added, "
                + s.changed()
                + " changed, "
                + s.removed()
                + " removed");
      }
    }
    result.problems().forEach(console::warning);
  }

  private static void group(Console console, ChangeGroup group, List<DiffEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    console.step(group.title() + " (" + entries.size() + "):");
    entries.stream().limit(MOST).map(DiffText::line).forEach(console::detail);
    if (entries.size() > MOST) {
      console.detail(
          "... and "
              + (entries.size() - MOST)
              + " more: 'safeup diff --json', or a PATH, lists them all");
    }
  }

  private static String line(DiffEntry entry) {
    FileChange change = entry.change();
    StringBuilder line =
        new StringBuilder(String.format("%-8s %s", change.kind().key(), change.path()));
    if (change.directory()) {
      line.append('/');
    }
    if (!change.aspects().isEmpty()) {
      line.append("  (")
          .append(
              change.aspects().stream()
                  .map(FileChange.Aspect::key)
                  .collect(Collectors.joining(", ")))
          .append(')');
    }
    entry.owner().ifPresent(owner -> line.append("  [").append(owner).append(']'));
    entry
        .note()
        .ifPresent(
            note ->
                line.append(
                    note.equals("pacnew")
                        ? "  (pacman's new version: merge it by hand)"
                        : "  (pacman's copy of a removed file's configuration)"));
    return line.toString();
  }
}
