package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import safeup.testing.CommandRun;

/**
 * Names and values a shell, LVM or a path would read as something else, from the configuration and
 * the command line: each is refused by name before safeup changes anything or runs any command that
 * changes something.
 */
class HostileInputCommandTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Volumes = vg0/root vg0/$(touch pwned)",
        "Volumes = vg0/root;reboot",
        "Volumes = vg0/../../dev/sda",
        "Volumes = -vg0/root",
        "SnapshotSize = 1G; rm -rf /",
        "ExtendAt = 70%%",
        "PacmanLockWait = -1",
        "Unprotected = relative/path",
      })
  void aHostileConfigurationValueIsRefusedBeforeAnythingChanges(String line) throws IOException {
    CommandRun run = new CommandRun(dir);
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\n" + line + "\n");
    run.pacmanLogs(0);

    assertEquals(2, run.run("-c", config.toString(), "pacman", "-Syu"), run.err);
    assertTrue(run.err.contains("safeup.conf:2:"), "names the file and line:\n" + run.err);
    assertEquals(List.of(), run.processes.changes(), "nothing was changed");
    assertTrue(run.processes.calls("pacman").isEmpty(), "pacman did not run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc", "20261127-101500;reboot", "$(id)", "-rf"})
  void aHostileSetIdIsRefusedBeforeAnythingChanges(String id) {
    CommandRun run = new CommandRun(dir);
    for (String command : List.of("keep", "rollback")) {
      int code = command.equals("keep") ? run.run("keep", id) : run.run("rollback", "--yes", id);
      // an id is only ever compared with the sets' tags: no such set (6), or a usage error (2)
      assertTrue(code == 6 || code == 2, command + " " + id + ": " + code + "\n" + run.err);
      assertTrue(run.err.contains(id), "names it:\n" + run.err);
      assertEquals(List.of(), run.processes.changes(), "nothing was changed");
    }
  }
}
