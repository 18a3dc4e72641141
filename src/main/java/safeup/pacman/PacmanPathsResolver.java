package safeup.pacman;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import safeup.process.ProcessGateway;
import safeup.process.ProcessResult;

/**
 * Finds pacman's effective DBPath and LogFile for an invocation: the command line first, then
 * {@code pacman-conf} (which reads pacman.conf as pacman does), then pacman's defaults. A missing
 * pacman-conf means a missing pacman: {@link safeup.process.ProgramNotFoundException}. Each
 * pacman.conf is asked once: what pacman read at its start is what it wrote with, and every later
 * question in the same run gets that answer.
 */
public final class PacmanPathsResolver {
  private final ProcessGateway processes;
  private final Map<List<String>, List<String>> answered = new HashMap<>();

  public PacmanPathsResolver(ProcessGateway processes) {
    this.processes = processes;
  }

  public PacmanPaths resolve(PacmanInvocation invocation) {
    String sysroot = invocation.sysroot().orElse("/");
    String root = invocation.root().orElse("/");
    String dbPath = PacmanPaths.under(root, "/var/lib/pacman/");
    String logFile = PacmanPaths.under(root, "/var/log/pacman.log");
    for (String line : pacmanConf(invocation, sysroot)) {
      int eq = line.indexOf(" = ");
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 3).strip();
      if (key.equals("DBPath")) {
        dbPath = value;
      } else if (key.equals("LogFile")) {
        logFile = value;
      }
    }
    dbPath = invocation.dbPath().orElse(dbPath);
    logFile = invocation.logFile().orElse(logFile);
    return new PacmanPaths(
        Path.of(PacmanPaths.under(sysroot, root)),
        Path.of(PacmanPaths.under(sysroot, dbPath)),
        Path.of(PacmanPaths.under(sysroot, logFile)));
  }

  private List<String> pacmanConf(PacmanInvocation invocation, String sysroot) {
    List<String> argv = new ArrayList<>(List.of("pacman-conf", "--verbose"));
    String config = invocation.config().orElse("/etc/pacman.conf");
    argv.add("--config=" + PacmanPaths.under(sysroot, config));
    invocation.root().ifPresent(root -> argv.add("--rootdir=" + root));
    argv.add("DBPath");
    argv.add("LogFile");
    return answered.computeIfAbsent(List.copyOf(argv), this::ask);
  }

  private List<String> ask(List<String> argv) {
    ProcessResult result = processes.query(argv);
    // On failure (a broken pacman.conf), pacman's defaults; pacman itself will then complain.
    return result.succeeded() ? result.stdout().lines().toList() : List.of();
  }
}
