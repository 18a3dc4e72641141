package safeup.core.update;

import java.util.ArrayList;
import java.util.List;
import safeup.core.ExitCode;
import safeup.core.SafeupException;
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
 *     what {@code SnapshotSize = auto} predicts from (for a front end, none: its builds cannot be
 *     predicted, so auto gives its fallback)
 * @param readOnly true when it changes nothing and needs no snapshot
 */
public record UpdateRun(
    List<String> argv, String shown, PacmanInvocation invocation, boolean readOnly) {

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
    return new UpdateRun(List.copyOf(argv), Argv.render(argv), invocation, invocation.readOnly());
  }
}
