package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.testing.CommandRun;

class FrontEndCommandTest {
  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    run.env.put("SUDO_USER", "alice");
  }

  @Test
  void paruRunsAsTheSudoUserUnderOneSetThatReportsEveryPackageItsPacmanRunsChanged() {
    run.pacmanDoes(
        0,
        () -> {
          run.installed("hello", "1.1-1");
          run.installed("world", "1.1-1");
        },
        "[2026-11-27T10:15:05+0000] [PACMAN] Running 'pacman -S hello'",
        "[2026-11-27T10:15:06+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)",
        "[2026-11-27T10:15:07+0000] [PACMAN] Running 'pacman -S world'",
        "[2026-11-27T10:15:08+0000] [ALPM] installed world (1.1-1)");
    assertEquals(0, run.run("--then", "later", "paru", "-Syu", "--", "-x"), run.err);
    assertEquals(
        List.of(List.of("runuser", "-u", "alice", "--", "paru", "-Syu", "--", "-x")),
        run.processes.calls("runuser"));
    assertEquals(1, run.processes.calls("lvcreate").size());
    assertTrue(run.out.contains("upgraded hello (1.0-1 -> 1.1-1)"), run.out);
    assertTrue(run.out.contains("installed world (1.1-1)"), run.out);
    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("before:  paru -Syu -- -x"), run.out);
  }

  @Test
  void asRootWithoutSudoTheFrontEndIsRefusedBeforeAnything() {
    run.env.clear();
    assertEquals(3, run.run("yay", "-Syu"));
    assertTrue(run.err.contains("yay runs as a user, not as root"), run.err);
    assertTrue(run.err.contains("Run 'sudo safeup yay -Syu'"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("runuser").isEmpty());
  }

  @Test
  void aQueryRunsWithoutASet() {
    assertEquals(0, run.run("paru", "-Ss", "hello"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertEquals(0, run.run("yay", "--help"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertEquals(
        List.of(
            List.of("runuser", "-u", "alice", "--", "paru", "-Ss", "hello"),
            List.of("runuser", "-u", "alice", "--", "yay", "--help")),
        run.processes.calls("runuser"));
  }

  @Test
  void onlyFrontEndsTheConfigurationListsAreRunAndOtherWordsAreUnknown() throws IOException {
    assertEquals(2, run.run("pikaur", "-Syu"));
    assertTrue(run.err.contains("'pikaur'"), run.err);
    assertEquals(2, run.run("stauts"));
    assertTrue(run.err.contains("status"), "picocli's suggestion: " + run.err);
    assertEquals(2, run.run("--bogus", "status"));
    assertEquals(2, run.run("keep", "--bogus"));
    assertTrue(run.err.contains("unknown option '--bogus'"), run.err);
    assertEquals(2, run.run("boot", "status", "--bogus"));
    assertTrue(run.processes.calls("lvcreate").isEmpty());

    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nFrontEnds = pikaur\n");
    assertEquals(0, run.run("-c", config.toString(), "--then", "keep", "pikaur", "-Syu"), run.err);
    assertEquals(
        List.of(List.of("runuser", "-u", "alice", "--", "pikaur", "-Syu")),
        run.processes.calls("runuser"));
    assertEquals(2, run.run("-c", config.toString(), "paru", "-Syu"));
  }
}
