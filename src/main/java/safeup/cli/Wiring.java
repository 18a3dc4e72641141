package safeup.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import safeup.console.Prompter;
import safeup.files.FileGateway;
import safeup.process.ProcessGateway;
import safeup.system.Host;
import safeup.system.MountTable;
import safeup.system.Signals;

/** Where the commands meet the outside world; tests give their own. */
public interface Wiring {
  ProcessGateway processes();

  FileGateway files();

  Host host();

  MountTable mounts();

  Path runLock();

  Clock clock();

  Map<String, String> environment();

  /** True when standard input and output are a terminal. */
  boolean terminal();

  /** A prompter on the terminal; empty when there is nobody to ask. */
  Optional<Prompter> prompter();

  /** INT, TERM and HUP. */
  Signals signals();
}
