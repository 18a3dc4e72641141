package safeup.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import safeup.core.ExitCode;

/**
 * A mistake on the command line, told as pacman tells one: a single {@code error:} line, then where
 * to read more. Never the whole help.
 */
final class UsageErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    SafeupCommand safeup = (SafeupCommand) failed.getCommandSpec().root().userObject();
    safeup.console().error(message(e, Arrays.asList(args)));
    safeup
        .spec
        .commandLine()
        .getErr()
        .println(
            "Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCode.USAGE.code();
  }

  private static String message(ParameterException e, List<String> args) {
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      return unmatched(unmatched, args);
    }
    return firstLetterLowered(String.join("; ", e.getMessage().strip().split("\\R")));
  }

  private static String unmatched(UnmatchedArgumentException e, List<String> args) {
    List<String> arguments = e.getUnmatched();
    String first = arguments.get(0);
    CommandLine at = e.getCommandLine();
    if (at.getParent() == null) {
      Optional<String> meant = PacmanLookalike.meant(args, first);
      if (meant.isPresent()) {
        return "unknown option '" + first + "' (to run pacman: " + meant.get() + ")";
      }
    }
    if (at.getParent() != null && isGlobalOption(at, first)) {
      return "unknown option '"
          + first
          + "' for "
          + at.getCommandName()
          + " (safeup's own options go before the command word)";
    }
    String didYouMean = didYouMean(e.getSuggestions());
    if (first.startsWith("-") && first.length() > 1) {
      return "unknown option '" + first + "'" + didYouMean;
    }
    if (!at.getSubcommands().isEmpty() && at.getCommandSpec().positionalParameters().isEmpty()) {
      return "unknown command '" + first + "'" + didYouMean;
    }
    return (arguments.size() == 1 ? "unexpected argument " : "unexpected arguments ")
        + String.join(", ", arguments.stream().map(a -> "'" + a + "'").toList());
  }

  /** True when {@code argument}, maybe with {@code =value}, is one of safeup's own options. */
  private static boolean isGlobalOption(CommandLine at, String argument) {
    String name = argument.split("=", 2)[0];
    return name.startsWith("-") && at.getCommandSpec().root().findOption(name) != null;
  }

  private static String didYouMean(List<String> suggestions) {
    if (suggestions.isEmpty()) {
      return "";
    }
    if (suggestions.size() == 1) {
      return " (did you mean " + suggestions.get(0) + "?)";
    }
    List<String> all = suggestions.subList(0, Math.min(suggestions.size(), 3));
    return " (did you mean "
        + String.join(", ", all.subList(0, all.size() - 1))
        + " or "
        + all.get(all.size() - 1)
        + "?)";
  }

  private static String firstLetterLowered(String message) {
    if (message.length() > 1 && Character.isLowerCase(message.charAt(1))) {
      return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    return message;
  }
}
