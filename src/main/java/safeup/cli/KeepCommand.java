package safeup.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.decision.DecisionService;

/** {@code safeup keep}: the update is good; remove its snapshot set. */
@Command(
    name = "keep",
    mixinStandardHelpOptions = true,
    description = "The update is good: remove the pending snapshot set (lvremove).")
final class KeepCommand implements Callable<Integer>, ChangesSets {
  @ParentCommand SafeupCommand safeup;

  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description = "The set to keep; needed only when there are several.")
  String id;

  @Override
  public Integer call() {
    Console console = safeup.console();
    new DecisionService(safeup.machine(console), safeup.configForDecision(console), console)
        .keep(Optional.ofNullable(id));
    return 0;
  }
}
