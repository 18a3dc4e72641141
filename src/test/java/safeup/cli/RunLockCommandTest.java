package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.testing.CommandRun;

/**
 * The run lock no other user can hold: it is made readable by safeup's user alone, in a directory
 * only that user may write, and a lock whose directory others may write, or that is a symbolic
 * link, is refused before anything changes.
 */
class RunLockCommandTest {
  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    run.pacmanLogs(0);
  }

  @Test
  void theLockIsMadeReadableBySafeupsUserAlone() throws IOException {
    assertEquals(0, run.run("pacman", "-Syu"), run.err);
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(run.runLock(), LinkOption.NOFOLLOW_LINKS)));
  }

  @Test
  void aLockDirectoryOthersMayWriteIsRefusedBeforeAnythingChanges() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("safeup's run lock cannot be trusted: " + dir), run.err);
    assertTrue(run.err.contains("may be written by others (mode rwxrwxrwx)"), run.err);
    assertTrue(run.err.contains("remove it (rm -r " + dir + ")"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void aLockThatIsASymbolicLinkIsNotFollowed() throws IOException {
    Path elsewhere = dir.resolve("elsewhere");
    Files.createSymbolicLink(run.runLock(), elsewhere);
    assertEquals(3, run.run("keep"), run.err);
    assertTrue(run.err.contains(run.runLock() + " is a symbolic link"), run.err);
    assertFalse(Files.exists(elsewhere), "nothing was made where the link points");
  }
}
