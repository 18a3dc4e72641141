package safeup.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.SafeupException;
import safeup.core.diff.DiffResult;
import safeup.core.diff.Scope;
import safeup.core.diff.SetDiff;

/** {@code safeup diff}: what a rollback of a set would undo, file by file. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what changed on each volume of the set since it was taken: what a rollback would"
          + " undo. Grouped: the update's packages, configuration in /etc (.pacnew and .pacsave"
          + " called out), files of other packages changed by hand, files no package owns; logs"
          + " and caches are counted per directory unless a PATH in them is named.",
      "Each snapshot is mounted read-only for the comparison and unmounted after it."
    })
final class DiffCommand implements Callable<Integer> {
  @ParentCommand SafeupCommand safeup;

  @Parameters(
      arity = "0..*",
      paramLabel = "[ID] [PATH]",
      description =
          "The set (its id; needed only when there are several), then the paths to compare"
              + " (everything by default). A first word shaped like an id is taken for one:"
              + " write a path of that name as ./NAME.")
  List<String> words = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON object (see safeup(8)).")
  boolean json;

  @Option(
      names = "--contents",
      description =
          "Read and compare files whose size and modification time agree, to be sure (slower).")
  boolean contents;

  @Override
  public Integer call() {
    Console console = safeup.console();
    Optional<String> id =
        words.isEmpty() || !words.get(0).matches("\\d{8}-\\d{6}")
            ? Optional.empty()
            : Optional.of(words.get(0));
    List<Path> paths = words.stream().skip(id.isPresent() ? 1 : 0).map(Path::of).toList();
    DiffResult result;
    try {
      result =
          new SetDiff(safeup.machine(console), console)
              .of(id, Scope.of(paths), contents, !json && safeup.wiring().terminal());
    } catch (SafeupException e) {
      if (id.isEmpty() || e.exitCode() != ExitCode.NO_SET) {
        throw e;
      }
      throw new SafeupException(
          e.exitCode(), e.getMessage() + "; to compare a path of that name, write ./" + id.get());
    }
    if (json) {
      console.line(DiffJson.render(result));
    } else {
      DiffText.print(result, console);
    }
    return 0;
  }
}
