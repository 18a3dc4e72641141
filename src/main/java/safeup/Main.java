package safeup;

import picocli.CommandLine;
import safeup.cli.ExitCodes;
import safeup.cli.SafeupCommand;
import safeup.cli.SystemWiring;
import safeup.cli.Wiring;
import safeup.console.StandardOutput;

/** safeup's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine commandLine = commandLine(new SystemWiring());
    commandLine.setOut(StandardOutput.system());
    System.exit(commandLine.execute(args));
  }

  /** The configured command line; tests call this with their own wiring. */
  public static CommandLine commandLine(Wiring wiring) {
    return ExitCodes.configure(new CommandLine(new SafeupCommand(wiring)));
  }
}
