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
import safeup.core.decision.DecisionService;

/** {@code safeup rollback}: merge the pending set back and reboot. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undo the update: merge the pending snapshot set back into its volumes (lvconvert"
          + " --merge) and reboot, after asking.",
      "The root volume is in use, so the merge completes at the next boot; the snapshots are"
          + " gone afterwards."
    })
final class RollbackCommand implements Callable<Integer>, ChangesSets {
  @ParentCommand SafeupCommand safeup;

  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description = "The set to roll back; needed only when there are several.")
  String id;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Option(
      names = "--no-reboot",
      description = "Schedule the merge, but do not reboot; it completes at the next boot.")
  boolean noReboot;

  @Option(
      names = "--without-boot",
      description =
          "Do not put /boot back from the copy saved before the update (when that copy is lost);"
              + " the next boot may then load the new kernel over the old modules.")
  boolean withoutBoot;

  @Option(
      names = "--keep",
      paramLabel = "PATH",
      description =
          "Carry PATH over the rollback as it is now (repeatable): it is copied into the snapshot"
              + " before the merge. Refused for files of the packages the update changed.")
  List<Path> keep = new ArrayList<>();

  @Override
  public Integer call() {
    Console console = safeup.console();
    new DecisionService(safeup.machine(console), safeup.configForDecision(console), console)
        .rollback(
            new DecisionService.RollbackAsked(
                Optional.ofNullable(id), !noReboot, yes, !withoutBoot, List.copyOf(keep)),
            safeup.wiring()::prompter);
    return 0;
  }
}
