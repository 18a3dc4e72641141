package safeup.core;

import java.util.ArrayList;
import java.util.List;
import safeup.pacman.PacmanInvocation;
import safeup.process.Argv;

/**
 * What an update runs under its snapshot set: pacman itself, or a front end (an AUR helper) that
 * calls pacman as often as it needs.
 *
 * @param argv what is started, with the terminal inherited
 * @param shown the command as the user typed it after {@code safeup}, for messages and the set's
 *     tags
 * @param invocation pacman's arguments as far as they can be read: where pacman's files are, and
 *     what {@code SnapshotSize = auto} predicts from
 * @param readOnly true when it changes nothing and needs no snapshot
 * @param predictable false when {@code SnapshotSize = auto} cannot predict what it installs (a
 *     front end builds packages nobody can size beforehand)
 */
public record UpdateRun(
    List<String> argv,
    String shown,
    PacmanInvocation invocation,
    boolean readOnly,
    boolean predictable) {

  /** pacman with {@code arguments}, verbatim. */
  public static UpdateRun pacman(List<String> arguments) {
    PacmanInvocation invocation;
    try {
      invocation = PacmanInvocation.of(arguments);
    } catch (IllegalArgumentException e) {
      throw new SafeupException(ExitCode.USAGE, e.getMessage());
    }
    List<String> argv = new ArrayList<>();
    argv.add("pacman");
    argv.addAll(arguments);
    return new UpdateRun(
        List.copyOf(argv), Argv.render(argv), invocation, invocation.readOnly(), true);
  }

  /** The name of the program the user asked for: pacman, or the front end. */
  public String program() {
    return shown.split(" ", 2)[0];
  }
}
