package safeup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.decision.StatusService;

/** {@code safeup status}: every snapshot set, as text or JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show each snapshot set: id, when it was made, the command it protects, volumes, how full"
          + " each snapshot is, its state and the packages changed since.",
      "States: pending; merge scheduled, reboot needed; rollback interrupted; invalid;"
          + " incomplete."
    })
final class StatusCommand implements Callable<Integer>, ChangesSets {
  @ParentCommand SafeupCommand safeup;

  @Option(names = "--json", description = "Print a JSON array, one object per set (see safeup(8)).")
  boolean json;

  @Override
  public Integer call() {
    Console console = safeup.console();
    StatusService.Report report = new StatusService(safeup.machine(console)).report();
    if (json) {
      console.line(StatusJson.render(report));
    } else {
      StatusText.print(report, console);
    }
    return 0;
  }
}
