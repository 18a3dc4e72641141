package safeup.core.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import safeup.core.ExitCode;
import safeup.core.SafeupException;
import safeup.pacman.PacmanInvocation;
import safeup.process.Argv;

/**
 * A pacman front end such as paru or yay, run under one snapshot set however often it calls pacman.
 * These refuse to run as root and call {@code sudo pacman} themselves, while safeup needs root for
 * the snapshots: so safeup, started with sudo (or doas), runs the front end as the user who started
 * it ({@code runuser -u USER}, which sets that user's HOME), and the front end's own {@code sudo
 * pacman} gets root again. The pacman hook knows those pacman runs as this safeup's descendants and
 * takes no second set.
 */
public final class FrontEnd {
  /** Where pacman's files are: a front end's options are not pacman's, so pacman.conf's. */
  private static final PacmanInvocation DEFAULT_PATHS = PacmanInvocation.of(List.of());

  private FrontEnd() {}

  /**
   * The run of front end {@code name} with {@code arguments}, verbatim.
   *
   * @param root whether safeup runs as root
   * @param environment safeup's environment: {@code SUDO_USER} or {@code DOAS_USER} name the user
   */
  public static UpdateRun run(
      String name, List<String> arguments, boolean root, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(name);
    command.addAll(arguments);
    String shown = Argv.render(command);
    if (!root) {
      // Not root: a query runs as this user; anything else is refused as for pacman.
      return new UpdateRun(List.copyOf(command), shown, DEFAULT_PATHS, readOnly(arguments));
    }
    String user = user(environment);
    if (user.isEmpty()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          name
              + " runs as a user, not as root, and calls 'sudo pacman' itself; safeup was started"
              + " as root without sudo or doas (SUDO_USER and DOAS_USER are not set), so it does"
              + " not know whose "
              + name
              + " to run. Run 'sudo safeup "
              + shown
              + "' from that user's account");
    }
    List<String> argv = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    argv.addAll(command);
    return new UpdateRun(List.copyOf(argv), shown, DEFAULT_PATHS, readOnly(arguments));
  }

  /** The user who started safeup through sudo or doas; empty for none, or for root itself. */
  static String user(Map<String, String> environment) {
    for (String variable : List.of("SUDO_USER", "DOAS_USER")) {
      String user = environment.getOrDefault(variable, "");
      if (!user.isEmpty()
          && !user.equals("root")
          && user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?")) {
        return user;
      }
    }
    return "";
  }

  /**
   * True for what certainly changes nothing: a pacman query or help. A front end's own operations
   * (paru -B, yay -Y, or none at all, which means -Syu) count as changes; one that changed nothing
   * loses its set at once.
   */
  private static boolean readOnly(List<String> arguments) {
    if (arguments.isEmpty()) {
      return false;
    }
    try {
      PacmanInvocation invocation = PacmanInvocation.of(arguments);
      boolean help =
          invocation.flags().contains("h")
              || invocation.longOptions().contains("help")
              || invocation.longOptions().contains("version");
      return help || invocation.readOnly() && "QTVFSDRU".indexOf(invocation.operation()) >= 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Where pacman's files are: the front end's own options are not pacman's, so pacman.conf's. */
  private static PacmanInvocation invocation(List<String> arguments) {
    return PacmanInvocation.of(List.of());
  }
}
