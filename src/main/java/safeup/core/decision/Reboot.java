package safeup.core.decision;

import java.util.List;
import safeup.config.Config;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.process.Argv;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/** The reboot that completes a rollback, through {@code RebootCommand}. */
final class Reboot {
  private static final int SIGNALLED = 128;
  private static final int TERM = 15;
  private static final int KILL = 9;

  private final Machine machine;
  private final Config config;

  Reboot(Machine machine, Config config) {
    this.machine = machine;
    this.config = config;
  }

  /**
   * Runs the reboot command.
   *
   * @param otherwise what stands, and what to do, when it fails
   */
  void now(String otherwise) {
    String command = Argv.render(config.rebootCommand());
    try {
      ProcessResult result = machine.processes().change(config.rebootCommand());
      if (!result.succeeded() && !stoppedByTheShutdown(result, machine)) {
        throw new SafeupException(
            ExitCode.DECISION_FAILED,
            "the reboot command '"
                + command
                + "' failed: "
                + result.lastMessage()
                + "; "
                + otherwise);
      }
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          "the reboot command '" + command + "' was not found (RebootCommand); " + otherwise);
    }
  }

  /**
   * True when the command was ended by TERM or KILL and the system is stopping: the shutdown it
   * started stops every process. Without logind (a boot into the rollback target, which has no
   * D-Bus), {@code systemctl reboot} waits for the reboot job and is stopped by it (seen in the
   * system guest).
   */
  private static boolean stoppedByTheShutdown(ProcessResult result, Machine machine) {
    boolean signalled =
        result.exitCode() == SIGNALLED + TERM || result.exitCode() == SIGNALLED + KILL;
    try {
      return signalled
          && machine
              .processes()
              .query(List.of("systemctl", "is-system-running"))
              .stdout()
              .strip()
              .equals("stopping");
    } catch (ProgramNotFoundException e) {
      return false;
    }
  }
}
