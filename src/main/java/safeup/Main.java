package safeup;

import java.util.OptionalInt;
import picocli.CommandLine;
import safeup.cli.CommandLineManners;
import safeup.cli.HelpPages;
import safeup.cli.LeanModel;
import safeup.cli.SafeupCommand;
import safeup.cli.Subcommands;
import safeup.cli.SystemWiring;
import safeup.cli.Wiring;
import safeup.console.StandardOutput;

/** safeup's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Wiring wiring = new SystemWiring();
    StandardOutput out = StandardOutput.system();
    OptionalInt answered = HelpPages.answer(args, wiring, out);
    if (answered.isPresent()) {
      System.exit(answered.getAsInt());
    }
    CommandLine commandLine = commandLine(wiring, args);
    commandLine.setOut(out);
    System.exit(commandLine.execute(args));
  }

  /** The configured command line with every command complete, as documentation needs it. */
  public static CommandLine commandLine(Wiring wiring) {
    CommandLine commandLine = new CommandLine(new SafeupCommand(wiring));
    Subcommands.addAll(commandLine);
    return CommandLineManners.configure(commandLine);
  }

  /**
   * The configured command line for {@code args}: complete for the command they name, the others
   * outlined (see {@link Subcommands}), built from the build's description of the commands rather
   * than their annotations unless they ask for help; tests run commands through this with their own
   * wiring.
   */
  public static CommandLine commandLine(Wiring wiring, String[] args) {
    SafeupCommand safeup = new SafeupCommand(wiring);
    CommandLine commandLine =
        LeanModel.commandLine(safeup, args)
            .orElseGet(
                () -> {
                  CommandLine annotated = new CommandLine(safeup);
                  Subcommands.addFor(annotated, args);
                  return annotated;
                });
    return CommandLineManners.configure(commandLine);
  }
}
