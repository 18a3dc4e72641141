package safeup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import safeup.console.Console;
import safeup.console.StandardOutput;
import safeup.core.ExitCode;
import safeup.core.set.SetIdList;

/**
 * Runs the command the line names (or prints the help or version it asks for) with two manners
 * picocli lacks: help is coloured exactly when safeup's own output is, and a failed write to
 * standard output is an error and an exit code, not silence. After a command that changes or lists
 * snapshot sets it also makes the completions' list of set ids anew.
 */
final class SafeupExecution implements IExecutionStrategy {

  @Override
  public int execute(ParseResult parsed) {
    CommandLine root = parsed.commandSpec().commandLine();
    SafeupCommand safeup = root.getCommand();
    root.setColorScheme(Help.defaultColorScheme(safeup.colour() ? Help.Ansi.ON : Help.Ansi.OFF));
    refuseUnknownArgumentsOfACommand(parsed);
    int code;
    try {
      code = new RunLast().execute(parsed);
    } finally { // a refused or failed command may have changed sets too
      refreshSetIds(safeup, parsed);
    }
    return afterWriting(root.getOut(), safeup.console(), code);
  }

  /**
   * picocli collects a command's unknown arguments where the front end's name and arguments go
   * (safeup's own {@code @Unmatched}): after a command (safeup keep --bogus) they are an error, as
   * they were before front ends, and never silently ignored.
   */
  private static void refuseUnknownArgumentsOfACommand(ParseResult parsed) {
    for (ParseResult command = parsed; command.hasSubcommand(); ) {
      command = command.subcommand();
      boolean passesThemOn = !command.commandSpec().unmatchedArgsBindings().isEmpty();
      List<String> unknown =
          command.unmatched().isEmpty() ? parsed.unmatched() : command.unmatched();
      if (!passesThemOn && !unknown.isEmpty()) {
        throw new CommandLine.UnmatchedArgumentException(
            command.commandSpec().commandLine(), unknown);
      }
    }
  }

  /**
   * After a command that changes or lists sets and has looked at LVM (not a pacman query, not a
   * refusal before it), and not in a dry run: the completions' list anew.
   */
  private static void refreshSetIds(SafeupCommand safeup, ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    boolean ran = !leaf.isUsageHelpRequested() && !leaf.isVersionHelpRequested();
    if (ran
        && !safeup.dryRun
        && leaf.commandSpec().userObject() instanceof ChangesSets
        && safeup.listedVolumes()) {
      SetIdList.refresh(safeup.machine(safeup.console()), safeup.knownVolumes());
    }
  }

  /**
   * {@code code}, or {@link ExitCode#OUTPUT_FAILED} when writing to {@code written} failed and
   * nothing else did; {@code console} says why, unless the reader closed the pipe.
   */
  static int afterWriting(PrintWriter written, Console console, int code) {
    if (!(written instanceof StandardOutput out)) {
      return code;
    }
    Optional<IOException> failure = out.failure();
    if (failure.isEmpty()) {
      return code;
    }
    if (!StandardOutput.closedPipe(failure.get())) {
      console.error("cannot write to standard output: " + failure.get().getMessage());
    }
    return code == ExitCode.OK.code() ? ExitCode.OUTPUT_FAILED.code() : code;
  }
}
