package safeup.doctor;

import java.util.List;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * Shutdown with active snapshots does not wait for dmeventd while {@code lvm2-monitor.service}
 * stops the monitoring first; masked, a dmeventd started outside systemd's units (by an initramfs
 * that activates with monitoring) keeps watching the snapshots and is waited for 90 s.
 */
final class ShutdownCheck implements Check {
  @Override
  public String name() {
    return "shutdown";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    String state;
    try {
      ProcessResult result =
          context
              .machine()
              .processes()
              .query(List.of("systemctl", "is-enabled", "lvm2-monitor.service"));
      state = result.stdout().strip();
    } catch (ProgramNotFoundException e) {
      throw new Unavailable(Verdict.WARN, "not checked: systemctl was not found", "");
    }
    if (state.equals("masked") || state.equals("masked-runtime")) {
      return List.of(
          Finding.warn(
              name(),
              "lvm2-monitor.service is "
                  + state
                  + ": a dmeventd started outside systemd's units keeps monitoring the snapshots"
                  + " at shutdown, and shutdown then waits 90 s for it",
              "run: systemctl unmask lvm2-monitor.service && systemctl enable"
                  + " lvm2-monitor.service"));
    }
    return List.of(
        Finding.pass(
            name(),
            "lvm2-monitor.service is "
                + (state.isEmpty() ? "not masked" : state)
                + ": monitoring stops before dmeventd, so active snapshots do not hold up"
                + " shutdown"));
  }
}
