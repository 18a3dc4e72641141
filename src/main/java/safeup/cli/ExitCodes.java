package safeup.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import safeup.config.ConfigException;
import safeup.core.ExitCode;
import safeup.core.SafeupException;

/** Turns outcomes into exit codes and messages, and lists the codes in help. */
public final class ExitCodes implements IExecutionExceptionHandler {

  private ExitCodes() {}

  /** Applies safeup's parsing rules and error handling to the command line. */
  public static CommandLine configure(CommandLine commandLine) {
    commandLine.setExpandAtFiles(false);
    commandLine.setExecutionExceptionHandler(new ExitCodes());
    CommandLineManners.apply(commandLine);
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
    // Everything after "pacman" is pacman's: the first argument stops safeup's parsing, and
    // "--" must reach pacman rather than end safeup's options.
    pacman.setStopAtUnmatched(true);
    pacman.setEndOfOptionsDelimiter("\0safeup-never-matches");
    pacman.setUnmatchedOptionsArePositionalParams(false);
    return commandLine;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    SafeupCommand safeup = (SafeupCommand) commandLine.getCommandSpec().root().userObject();
    if (e instanceof SafeupException refusal) {
      safeup.console().error(refusal.getMessage());
      return refusal.exitCode().code();
    }
    if (e instanceof ConfigException bad) {
      safeup.console().error(bad.getMessage());
      return ExitCode.USAGE.code();
    }
    safeup.console().error("internal error: " + e);
    e.printStackTrace(commandLine.getErr());
    return ExitCode.INTERNAL.code();
  }
}
