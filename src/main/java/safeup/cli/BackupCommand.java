package safeup.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.mount.BackupService;

/** {@code safeup backup}: a tar archive of a snapshot set. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Write a tar archive of a snapshot set, read from its snapshots mounted read-only in a"
          + " private directory: numeric owners, permissions, ACLs and extended attributes kept."
          + " The archive is written to FILE.partial, synced, read back from the disk and"
          + " compared with what was written, then renamed to FILE.",
      "Compression from FILE's name: .tar.zst, .tar.gz, .tar.xz, or .tar for none; zstd"
          + " otherwise."
    })
final class BackupCommand implements Callable<Integer> {
  @ParentCommand SafeupCommand safeup;

  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description = "The set to back up; needed only when there are several.")
  String id;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "The archive to write; it must not exist yet.")
  Path output;

  @Override
  public Integer call() {
    Console console = safeup.console();
    new BackupService(safeup.machine(console), console)
        .backup(Optional.ofNullable(id), output, safeup.wiring().terminal());
    return 0;
  }
}
