package safeup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;
import safeup.console.Console;
import safeup.core.update.UpdateService;

/** {@code safeup pacman ARGS...}: everything after the word pacman is pacman's, verbatim. */
@Command(
    name = "pacman",
    description = {
      "Take a snapshot set, run pacman with ARGS exactly as given, show what changed, then keep,"
          + " roll back or leave the decision for later (see --then).",
      "Every argument after 'pacman' is passed to pacman untouched, including -h, -- and @file."
    },
    customSynopsis = "safeup [OPTIONS] pacman ARGS...")
final class PacmanCommand implements Callable<Integer>, ChangesSets {
  @ParentCommand SafeupCommand safeup;

  @Unmatched List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() {
    Console console = safeup.console();
    UpdateService service =
        new UpdateService(safeup.machine(console), safeup.config(), safeup.configFile, console);
    return service.update(arguments, safeup.then(), safeup.wiring()::prompter);
  }
}
