package safeup.pacman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacmanLogTest {
  @TempDir Path dir;

  private static final String BEFORE =
      "[2026-11-20T08:00:00+0100] [PACMAN] Running 'pacman -S vim'\n"
          + "[2026-11-20T08:00:01+0100] [ALPM] transaction started\n"
          + "[2026-11-20T08:00:02+0100] [ALPM] installed vim (9.1-1)\n"
          + "[2026-11-20T08:00:02+0100] [ALPM] transaction completed\n";

  private static final String RUN =
      "[2026-11-27T10:22:33+0100] [PACMAN] Running 'pacman -Syu'\n"
          + "[2026-11-27T10:22:34+0100] [PACMAN] synchronizing package lists\n"
          + "[2026-11-27T10:22:40+0100] [ALPM] transaction started\n"
          + "[2026-11-27T10:22:41+0100] [ALPM] upgraded linux (6.1.1-1 -> 6.1.2-1)\n"
          + "[2026-11-27T10:22:41+0100] [ALPM-SCRIPTLET] ==> Building image\n"
          + "  -> a scriptlet line without a stamp\n"
          + "[2026-11-27T10:22:42+0100] [ALPM] downgraded foo (2-1 -> 1-1)\n"
          + "[2026-11-27T10:22:42+0100] [ALPM] removed bar (1.0-1)\n"
          + "[2026-11-27T10:22:43+0100] [ALPM] installed baz (3.2-1)\n"
          + "[2026-11-27T10:22:43+0100] [ALPM] reinstalled qux (1-1)\n"
          + "[2026-11-27T10:22:44+0100] [ALPM] transaction completed\n";

  @Test
  void readsOnlyWhatWasAppendedAfterTheOffset() throws IOException {
    Path file = dir.resolve("pacman.log");
    Files.writeString(file, BEFORE);
    PacmanLog log = new PacmanLog(file);
    long offset = log.size();
    Files.writeString(file, RUN, StandardOpenOption.APPEND);
    PacmanLog.Transaction t = log.readFrom(offset).orElseThrow();
    assertEquals(
        List.of(
            "upgraded linux (6.1.1-1 -> 6.1.2-1)",
            "downgraded foo (2-1 -> 1-1)",
            "removed bar (1.0-1)",
            "installed baz (3.2-1)",
            "reinstalled qux (1-1)"),
        t.changes().stream().map(Object::toString).toList());
    assertTrue(t.started() && t.completed() && t.changedSystem());
  }

  @Test
  void syncOnlyOrNothingToDoIsNoChange() throws IOException {
    Path file = dir.resolve("pacman.log");
    Files.writeString(file, "[2026-11-27T10:22:33+0100] [PACMAN] synchronizing package lists\n");
    assertFalse(new PacmanLog(file).readFrom(0).orElseThrow().changedSystem());
    assertTrue(
        new PacmanLog(dir.resolve("missing.log")).readFrom(0).isEmpty(),
        "a missing log says nothing about what pacman did");
    assertEquals(0, new PacmanLog(dir.resolve("missing.log")).size());
  }

  @Test
  void interruptedTransactionCountsAsChange() throws IOException {
    Path file = dir.resolve("pacman.log");
    Files.writeString(file, "[2026-11-27T10:22:40+0100] [ALPM] transaction started\n");
    PacmanLog.Transaction t = new PacmanLog(file).readFrom(0).orElseThrow();
    assertTrue(t.changedSystem());
    assertFalse(t.completed());
  }

  @Test
  void aPreTransactionHookCountsAsChange() throws IOException {
    Path file = dir.resolve("pacman.log");
    Files.writeString(
        file, "[2026-11-27T10:22:40+0100] [ALPM] running '60-mkinitcpio-remove.hook'...\n");
    assertTrue(new PacmanLog(file).readFrom(0).orElseThrow().changedSystem());
  }

  @Test
  void rotatedLogIsReadFromItsStart() throws IOException {
    Path file = dir.resolve("pacman.log");
    Files.writeString(file, RUN);
    assertEquals(5, new PacmanLog(file).readFrom(1_000_000).orElseThrow().changes().size());
  }

  @Test
  void changesSinceComparesInstantsAcrossOffsets() throws IOException {
    Path file = dir.resolve("pacman.log");
    Files.writeString(file, BEFORE + RUN);
    List<PackageChange> changes =
        new PacmanLog(file).changesSince(OffsetDateTime.parse("2026-11-27T09:20:00Z"));
    assertEquals("linux", changes.get(0).name());
    assertEquals(5, changes.size());
  }
}
