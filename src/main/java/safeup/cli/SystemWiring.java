package safeup.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import safeup.console.ColorMode;
import safeup.console.JLinePrompter;
import safeup.console.Prompter;
import safeup.files.FileGateway;
import safeup.files.RunLock;
import safeup.files.SystemFileGateway;
import safeup.process.ProcessGateway;
import safeup.process.SystemProcessGateway;
import safeup.system.Host;
import safeup.system.MountTable;
import safeup.system.Signals;
import safeup.system.SystemClock;

/** The real machine. */
public final class SystemWiring implements Wiring {
  private final ProcessGateway processes = new SystemProcessGateway();
  private final FileGateway files = new SystemFileGateway();
  private final Clock clock = new SystemClock();

  @Override
  public ProcessGateway processes() {
    return processes;
  }

  @Override
  public FileGateway files() {
    return files;
  }

  @Override
  public Host host() {
    return Host.system();
  }

  @Override
  public MountTable mounts() {
    return MountTable.read(MountTable.PROC_MOUNTINFO);
  }

  @Override
  public Path runLock() {
    return RunLock.DEFAULT_PATH;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Map<String, String> environment() {
    return System.getenv();
  }

  @Override
  public boolean terminal() {
    return ColorMode.stdoutIsTerminal();
  }

  @Override
  public Optional<Prompter> prompter() {
    return JLinePrompter.onSystemTerminal();
  }

  @Override
  public Signals signals() {
    return Signals.system();
  }
}
