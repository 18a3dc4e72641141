package safeup.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import safeup.core.ExitCode;

/**
 * How safeup's command line behaves where picocli's defaults differ from pacman's and from other
 * well-mannered tools: pacman's and front ends' arguments passed on verbatim, one-line usage
 * errors, failures shown as one {@code error:} line with their exit code, help coloured as the rest
 * of the output, the last of a repeated option, {@code -V} on every command that offers it, and a
 * failed write to standard output reported.
 */
public final class CommandLineManners {
  private CommandLineManners() {}

  /**
   * Gives the command line safeup's manners, parsing rules and failure handling, and lists the exit
   * codes in help.
   */
  public static CommandLine configure(CommandLine commandLine) {
    commandLine.setExpandAtFiles(false);
    // picocli's own Path conversion calls Paths.get through reflection, which costs a run more
    // than the conversion
    commandLine.registerConverter(Path.class, Path::of);
    commandLine.setExecutionExceptionHandler(new CommandFailures());
    apply(commandLine);
    // "--then keep" is an option's value even though "keep" is also a command.
    commandLine.setAllowSubcommandsAsOptionParameters(true);
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      codes.put(String.valueOf(code.code()), code.meaning());
    }
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(codes);
    // A word that is no command is a front end's name (safeup paru -Syu): it and everything
    // after it are the front end's.
    commandLine.getCommandSpec().parser().stopAtUnmatched(true);
    commandLine.getCommandSpec().parser().unmatchedOptionsArePositionalParams(false);
    CommandLine pacman = commandLine.getSubcommands().get("pacman");
    if (pacman != null) { // absent from a line built for another command
      // Everything after "pacman" is pacman's: the first argument stops safeup's parsing, and
      // "--" must reach pacman rather than end safeup's options.
      pacman.setStopAtUnmatched(true);
      pacman.setEndOfOptionsDelimiter("\0safeup-never-matches");
      pacman.setUnmatchedOptionsArePositionalParams(false);
    }
    return commandLine;
  }

  /** Applies the manners to {@code commandLine} and every command below it. */
  private static void apply(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler(new UsageErrors());
    commandLine.setExecutionStrategy(new SafeupExecution());
    commandLine.setOverwrittenOptionsAllowed(true);
    offerTheVersionEverywhere(commandLine);
  }

  /** Every command that accepts -V prints safeup's version, not an empty line. */
  private static void offerTheVersionEverywhere(CommandLine commandLine) {
    if (commandLine.getCommandSpec().options().stream().anyMatch(OptionSpec::versionHelp)) {
      commandLine.getCommandSpec().versionProvider(new VersionProvider());
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      offerTheVersionEverywhere(sub);
    }
  }
}
