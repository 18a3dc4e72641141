package safeup.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.mount.MountService;

/** {@code safeup mount}: a snapshot set, read-only, at a directory. */
@Command(
    name = "mount",
    mixinStandardHelpOptions = true,
    description = {
      "Mount a snapshot set read-only at DIR, laid out as its volumes are mounted now: the"
          + " snapshot of the volume at / at DIR, the one of /data at DIR/data. To compare or"
          + " copy files; 'safeup umount DIR' undoes it.",
      "ext4 is mounted ro,noload, XFS ro,norecovery,nouuid, others ro."
    })
final class MountCommand implements Callable<Integer> {
  @ParentCommand SafeupCommand safeup;

  @Parameters(
      arity = "1..2",
      paramLabel = "[ID] DIR",
      description = "The set (needed only when there are several), and where to mount it.")
  List<String> arguments;

  @Override
  public Integer call() {
    Console console = safeup.console();
    Optional<String> id = arguments.size() == 2 ? Optional.of(arguments.get(0)) : Optional.empty();
    Path dir = Path.of(arguments.get(arguments.size() - 1));
    new MountService(safeup.machine(console), console).mount(id, dir);
    return 0;
  }
}
