package safeup.core.decision;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import safeup.console.Console;
import safeup.console.Prompter;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.carry.KeptFiles;
import safeup.core.diff.ChangeGroup;
import safeup.core.diff.DiffEntry;
import safeup.core.diff.DiffResult;
import safeup.core.diff.FileChange;
import safeup.core.diff.Scope;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PacmanInvocation;

/**
 * Which files a rollback keeps: those named with {@code --keep}, each checked before anything is
 * merged, or, asked on a terminal, the files in /etc changed by hand since the set was taken. A
 * path that holds files of a package the update changed is refused: keeping it would mix the new
 * package with the old system.
 */
final class KeepChoice {
  private final Machine machine;
  private final Console console;

  KeepChoice(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** The paths named, checked against the set and what the update changed. */
  List<Path> checked(SnapshotSet set, List<Path> named, Optional<DiffResult> diff) {
    List<Path> keep = new ArrayList<>();
    if (named.isEmpty()) {
      return keep;
    }
    List<LogicalVolume> volumes = machine.listVolumes();
    Path db = machine.pacmanPaths(PacmanInvocation.of(List.of())).dbPath();
    for (Path asked : named) {
      Path path = asked.toAbsolutePath().normalize();
      if (!Files.exists(machine.host().onDisk(path), LinkOption.NOFOLLOW_LINKS)) {
        throw refused(path + " does not exist now, so there is nothing of it to keep");
      }
      if (KeptFiles.holder(machine, set, path, volumes).isEmpty()) {
        console.detail(path + " is on no volume of the set: the rollback leaves it as it is");
        continue;
      }
      DiffResult result =
          diff.orElseThrow(
              () ->
                  refused(
                      "which files the update's packages own could not be told, so "
                          + path
                          + " cannot be checked"));
      requireNotTheUpdates(path, result, db);
      keep.add(path);
    }
    return keep;
  }

  /** Asks whether to keep the files in /etc changed by hand; none when there are none. */
  List<Path> asked(Optional<DiffResult> diff, Prompter prompter) {
    List<Path> etc =
        diff.map(d -> d.in(ChangeGroup.CONFIGURATION)).orElse(List.of()).stream()
            .filter(e -> e.note().isEmpty() && e.change().kind() != FileChange.Kind.REMOVED)
            .filter(e -> !e.change().directory())
            .map(e -> Path.of(e.change().path()))
            .toList();
    if (etc.isEmpty()) {
      return List.of();
    }
    String names = etc.stream().map(Path::toString).collect(Collectors.joining(", "));
    Optional<String> answer =
        prompter.ask(
            console.question(
                "Keep the "
                    + (etc.size() == 1 ? "file" : etc.size() + " files")
                    + " in /etc changed since the update ("
                    + names
                    + (etc.size() == 1 ? ") as it is now? [y/N]" : ") as they are now? [y/N]")));
    return DecisionPrompt.yes(answer) ? etc : List.of();
  }

  /** Refuses a path that holds files of the update's packages, or pacman's database. */
  private static void requireNotTheUpdates(Path path, DiffResult result, Path db) {
    String named = path.toString();
    Optional<DiffEntry> owned =
        result.in(ChangeGroup.PACKAGES).stream()
            .filter(e -> Scope.under(e.change().path(), named))
            .findFirst();
    if (owned.isPresent()) {
      throw refused(
          path
              + " holds "
              + owned.get().change().path()
              + " of "
              + owned.get().owner().orElse("a package")
              + ", which the update changed: keeping it would mix the new package with the old"
              + " system. Keep the update instead, or name only your own files");
    }
    if (db.startsWith(path) || path.startsWith(db)) {
      throw refused(
          path + " holds pacman's database (" + db + "), which must go back with the packages");
    }
  }

  private static SafeupException refused(String why) {
    return new SafeupException(ExitCode.ROLLBACK_REFUSED, why + "; nothing was merged");
  }
}
