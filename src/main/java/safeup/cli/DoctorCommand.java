package safeup.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.doctor.Doctor;
import safeup.doctor.Finding;
import safeup.doctor.Verdict;

/** {@code safeup doctor}: whether safeup can protect this system, one line per check. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check whether safeup can protect this system: the configuration file, root on LVM, /boot"
          + " and the other filesystems pacman writes, dm-snapshot in the initramfs, room for the"
          + " snapshots, thin pool headroom, autoextend and dmeventd, shutdown with snapshots,"
          + " snapshot sets left undecided.",
      "Each line says pass, warn or FAIL, and what to do. Changes nothing. Without root, what"
          + " needs root is reported as a warning, not checked. Exit status 3 when a check failed."
    })
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand SafeupCommand safeup;

  @Option(
      names = "--json",
      description = "Print a JSON object with one entry per check (see safeup(8)).")
  boolean json;

  @Override
  public Integer call() {
    Console console = safeup.console();
    List<Finding> findings =
        new Doctor(safeup.machine(console), safeup::config, safeup.configFile).examine();
    if (json) {
      console.line(DoctorJson.render(findings));
    } else {
      DoctorText.print(findings, console);
    }
    boolean failed = findings.stream().anyMatch(f -> f.verdict() == Verdict.FAIL);
    return failed ? ExitCode.REFUSED.code() : ExitCode.OK.code();
  }
}
