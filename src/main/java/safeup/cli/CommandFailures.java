package safeup.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import safeup.config.ConfigException;
import safeup.core.ExitCode;
import safeup.core.SafeupException;

/** What a command's failure shows, and the exit code it ends with. */
final class CommandFailures implements IExecutionExceptionHandler {

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
