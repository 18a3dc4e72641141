package safeup.core.trial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * A trial's health checks: the executables in {@code /etc/safeup/checks.d/required} and {@code
 * .../wanted}, run in name order, each for at most {@value #CHECK_SECONDS} seconds. A required
 * check that fails fails the trial; a wanted one is reported (greenboot's split).
 */
final class HealthChecks {
  static final Path DIR = Path.of("/etc/safeup/checks.d");
  static final long CHECK_SECONDS = 120;

  private final Machine machine;
  private final Console console;

  /** A check that failed, and why. */
  record Failure(String name, boolean required, String why) {
    String describe() {
      return name + " " + why;
    }
  }

  HealthChecks(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Runs every check; the failures, required ones first. */
  List<Failure> run() {
    List<Failure> failures = new ArrayList<>();
    failures.addAll(runAll("required", true));
    failures.addAll(runAll("wanted", false));
    return failures;
  }

  private List<Failure> runAll(String kind, boolean required) {
    List<Failure> failures = new ArrayList<>();
    for (Path check : checks(DIR.resolve(kind))) {
      String name = kind + "/" + check.getFileName();
      console.detail("check " + name);
      ProcessResult result;
      try {
        result =
            machine
                .processes()
                .query(
                    List.of(
                        "timeout", "-k", "10", String.valueOf(CHECK_SECONDS), check.toString()));
      } catch (ProgramNotFoundException e) {
        failures.add(new Failure(name, required, "could not run: " + e.getMessage()));
        continue;
      }
      if (result.exitCode() == 124) {
        failures.add(new Failure(name, required, "did not finish within " + CHECK_SECONDS + " s"));
      } else if (!result.succeeded()) {
        String said = result.lastMessage();
        failures.add(
            new Failure(
                name,
                required,
                "failed (exit " + result.exitCode() + (said.isEmpty() ? ")" : "): " + said)));
      }
    }
    return failures;
  }

  /** The executable files in {@code dir}, by name; what is not executable is named and skipped. */
  private List<Path> checks(Path dir) {
    Path onDisk = machine.host().onDisk(dir);
    if (!Files.isDirectory(onDisk)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(onDisk)) {
      List<Path> checks = new ArrayList<>();
      for (Path entry : entries.sorted().toList()) {
        Path system = dir.resolve(entry.getFileName().toString());
        if (Files.isRegularFile(entry) && Files.isExecutable(entry)) {
          checks.add(system);
        } else {
          console.warning(system + " is not an executable file: not run as a check");
        }
      }
      return checks;
    } catch (IOException e) {
      console.warning("cannot read " + dir + ": " + e.getMessage() + "; its checks were not run");
      return List.of();
    }
  }
}
