package safeup.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.mount.MountService;

/** {@code safeup umount}: undoes {@code safeup mount}. */
@Command(
    name = "umount",
    mixinStandardHelpOptions = true,
    description =
        "Undo 'safeup mount DIR' (or what a killed backup left): unmount the snapshots,"
            + " deactivate those it activated, remove the directories it made.")
final class UmountCommand implements Callable<Integer> {
  @ParentCommand SafeupCommand safeup;

  @Parameters(paramLabel = "DIR", description = "Where safeup mounted a snapshot set.")
  Path dir;

  @Override
  public Integer call() {
    Console console = safeup.console();
    new MountService(safeup.machine(console), console).unmount(dir);
    return 0;
  }
}
