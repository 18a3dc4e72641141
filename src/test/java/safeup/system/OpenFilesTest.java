package safeup.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over a /proc laid out as the kernel does: PID/fd/N, each a link to the file open there. */
class OpenFilesTest {
  @TempDir Path dir;

  @Test
  void aLockFileIsHeldWhileAProcessHasItOpenAndStaleOnceNoneHas() throws IOException {
    Path lock = Files.createFile(dir.resolve("db.lck"));
    Path proc = Files.createDirectories(dir.resolve("proc"));
    Files.createDirectories(proc.resolve("1/fd"));
    Files.createSymbolicLink(proc.resolve("1/fd/0"), Path.of("/dev/null"));
    Path pacman = Files.createDirectories(proc.resolve("4242/fd"));
    Files.createSymbolicLink(pacman.resolve("3"), Path.of("/dev/null"));
    Files.createSymbolicLink(pacman.resolve("4"), lock);
    Files.createDirectories(proc.resolve("self"));

    assertTrue(OpenFiles.anyProcessHolds(proc, lock, true), "pacman holds it");
    Files.delete(pacman.resolve("4"));
    assertFalse(OpenFiles.anyProcessHolds(proc, lock, true), "nobody holds it: stale");
    Files.delete(pacman.resolve("3"));
    Files.delete(pacman);
    assertFalse(OpenFiles.anyProcessHolds(proc, lock, true), "a process that ended is skipped");
    assertTrue(OpenFiles.anyProcessHolds(proc, lock, false), "without root it cannot be told");
  }
}
