package safeup.cli;

import picocli.CommandLine;

/**
 * How safeup's command line behaves where picocli's defaults differ from pacman's and from other
 * well-mannered tools: one-line usage errors, help coloured as the rest of the output, the last of
 * a repeated option, {@code -V} on every command that offers it, and a failed write to standard
 * output reported.
 */
final class CommandLineManners {
  private CommandLineManners() {}

  /** Applies them to {@code commandLine} and every command below it. */
  static void apply(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler(new UsageErrors());
    commandLine.setExecutionStrategy(new SafeupExecution());
    commandLine.setOverwrittenOptionsAllowed(true);
    offerTheVersionEverywhere(commandLine);
  }

  /** Every command that accepts -V prints safeup's version, not an empty line. */
  private static void offerTheVersionEverywhere(CommandLine commandLine) {
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommandSpec().mixinStandardHelpOptions()) {
        sub.getCommandSpec().versionProvider(new VersionProvider());
      }
      offerTheVersionEverywhere(sub);
    }
  }
}
