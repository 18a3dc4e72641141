package safeup;

import picocli.CommandLine;
import safeup.cli.ExitCodes;
import safeup.cli.SafeupCommand;
import safeup.cli.Subcommands;
import safeup.cli.SystemWiring;
import safeup.cli.Wiring;
import safeup.console.StandardOutput;

/** safeup's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine commandLine = commandLine(new SystemWiring(), args);
    commandLine.setOut(StandardOutput.system());
    System.exit(commandLine.execute(args));
  }

  /** The configured command line with every command complete, as documentation needs it. */
  public static CommandLine commandLine(Wiring wiring) {
    CommandLine commandLine = new CommandLine(new SafeupCommand(wiring));
    Subcommands.addAll(commandLine);
    return ExitCodes.configure(commandLine);
  }

  /**
   * The configured command line for {@code args}: complete for the command they name, the others
   * outlined (see {@link Subcommands}); tests run commands through this with their own wiring.
   */
  public static CommandLine commandLine(Wiring wiring, String[] args) {
    CommandLine commandLine = new CommandLine(new SafeupCommand(wiring));
    Subcommands.addFor(commandLine, args);
    return ExitCodes.configure(commandLine);
  }
}
