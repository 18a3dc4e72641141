package safeup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Arguments meant for pacman but given to safeup itself ({@code safeup -Syu}), and the command line
 * that was meant ({@code safeup pacman -Syu}).
 */
final class PacmanLookalike {
  /** pacman's operations: -D, -F, -Q, -R, -S, -T, -U, alone or with their options. */
  private static final Pattern SHORT_OPERATION = Pattern.compile("-[A-Za-z]*[DFQRSTU][A-Za-z]*");

  private static final Set<String> LONG_OPERATIONS =
      Set.of("--database", "--files", "--query", "--remove", "--sync", "--deptest", "--upgrade");

  /** A shell word that needs no quoting. */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

  private PacmanLookalike() {}

  /** True for an argument that names a pacman operation. */
  static boolean isOperation(String argument) {
    return SHORT_OPERATION.matcher(argument).matches() || LONG_OPERATIONS.contains(argument);
  }

  /**
   * The command line meant when {@code operation}, one of {@code args}, looks like a pacman
   * operation: safeup's arguments before it, then {@code pacman}, then the rest, as a shell would
   * read it.
   */
  static Optional<String> meant(List<String> args, String operation) {
    int at = args.indexOf(operation);
    if (at < 0 || !isOperation(operation)) {
      return Optional.empty();
    }
    List<String> words = new ArrayList<>(List.of("safeup"));
    words.addAll(args.subList(0, at));
    words.add("pacman");
    words.addAll(args.subList(at, args.size()));
    return Optional.of(String.join(" ", words.stream().map(PacmanLookalike::shellWord).toList()));
  }

  private static String shellWord(String word) {
    if (PLAIN_WORD.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
