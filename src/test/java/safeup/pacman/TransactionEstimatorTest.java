package safeup.pacman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.files.SystemFileGateway;
import safeup.testing.RecordingProcessGateway;

class TransactionEstimatorTest {
  @TempDir Path dir;

  @Test
  void theRefreshIsTakenOutOfTheArgumentsOnly() {
    assertEquals(
        List.of("-Su", "--noconfirm", "--", "-y"),
        TransactionEstimator.withoutRefresh(
            List.of("-Syu", "--refresh", "--noconfirm", "--", "-y")));
    assertEquals(
        List.of("-S", "big"), TransactionEstimator.withoutRefresh(List.of("-S", "-y", "big")));
  }

  @Test
  void installedSizesAreSummedInEveryUnit() {
    String info =
        "Name            : big\nInstalled Size  : 40.01 MiB\n\n"
            + "Name            : hello\nInstalled Size  : 367.00 B\n"
            + "Installed Size  : 1.50 GiB\nInstalled Size  : 12.00 KiB\n";
    long expected =
        (long) Math.ceil(40.01 * (1 << 20)) + 367 + (long) (1.5 * (1 << 30)) + 12 * 1024;
    assertEquals(expected, TransactionEstimator.installedBytes(info));
  }

  @Test
  void aRefreshingSyncIsPredictedFromATemporaryDatabaseAndLeavesNoneBehind() {
    RecordingProcessGateway gateway =
        new RecordingProcessGateway()
            .answer(
                List.of("pacman", "-Su", "--noconfirm", "--print"), 0, "test/big 41944381\n", "")
            .answer(List.of("pacman", "-Si"), 0, "Installed Size  : 40.00 MiB\n", "")
            .answer(List.of("pacman-conf"), 0, "/var/cache/pacman/pkg/\n", "");
    PacmanPaths paths = new PacmanPaths(Path.of("/"), dir.resolve("db"), dir.resolve("pacman.log"));
    TransactionEstimate estimate =
        new TransactionEstimator(gateway, new SystemFileGateway(), dir)
            .estimate(PacmanInvocation.of(List.of("-Syu", "--noconfirm")), paths);
    assertTrue(estimate.known(), estimate.basis());
    assertEquals(40L << 20, estimate.installedBytes());
    assertEquals(41944381, estimate.downloadBytes());
    List<String> refresh = gateway.calls().get(0);
    assertEquals(
        List.of("pacman", "-Sy", "--logfile", "/dev/null", "--dbpath"), refresh.subList(0, 5));
    assertFalse(refresh.get(5).startsWith(dir.resolve("db").toString()), "not pacman's own");
    assertFalse(java.nio.file.Files.exists(Path.of(refresh.get(5))), "removed again");
  }

  @Test
  void aRootElsewhereIsNotPredicted() {
    PacmanPaths paths = new PacmanPaths(Path.of("/mnt"), dir, dir.resolve("pacman.log"));
    assertFalse(
        new TransactionEstimator(new RecordingProcessGateway(), new SystemFileGateway(), dir)
            .estimate(PacmanInvocation.of(List.of("-Syu", "--root", "/mnt")), paths)
            .known());
  }
}
