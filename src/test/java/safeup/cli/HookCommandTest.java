package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.files.RunLock;
import safeup.files.SystemFileGateway;
import safeup.process.ProcessResult;
import safeup.testing.CommandRun;

class HookCommandTest {
  private static final String ID = "20261127-101500";

  @TempDir Path dir;
  CommandRun run;
  Path lockInSnapshot;

  @BeforeEach
  void setUp() throws IOException {
    run = new CommandRun(dir);
    run.ancestors = List.of(4242L, 1L);
    run.parentCommand = List.of("/usr/bin/pacman", "-Syu");
    Path mountDir = Path.of("/run/safeup/lockfile-" + ID);
    Path db = run.root.resolve("var/lib/pacman").toRealPath();
    lockInSnapshot =
        run.host()
            .onDisk(mountDir.resolve(Path.of("/").relativize(db).resolve("db.lck").toString()));
    // Mounting the snapshot shows its files: pacman's lock among them; unmounting hides them.
    run.processes.on(
        List.of("mount"),
        argv -> {
          write(lockInSnapshot);
          return new ProcessResult(argv, 0, "", "");
        });
    run.processes.on(
        List.of("umount"),
        argv -> {
          deleteTree(run.host().onDisk(mountDir).resolve("tmp"));
          deleteTree(run.host().onDisk(mountDir).resolve(Path.of("/").relativize(db).getName(0)));
          return new ProcessResult(argv, 0, "", "");
        });
  }

  @Test
  void aPlainPacmanGetsASetWithoutPacmansLockAndStatusShowsItsCommand() {
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertEquals(1, run.processes.calls("lvcreate").size());
    assertTrue(run.processes.calls("lvcreate").get(0).contains("safeup-reason:hook"));
    List<String> mount = run.processes.calls("mount").get(0);
    assertEquals("/dev/vg0/root-safeup-" + ID, mount.get(mount.size() - 2), mount.toString());
    assertTrue(mount.contains("rw"), mount.toString());
    assertFalse(Files.exists(lockInSnapshot), "the lock is removed from the snapshot");
    assertEquals(1, run.processes.calls("umount").size());
    assertTrue(run.out.contains("snapshot set " + ID + " taken before this transaction"), run.out);
    assertTrue(run.out.contains("removed pacman's lock"), run.out);

    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("before:  pacman -Syu (taken by the pacman hook)"), run.out);
  }

  @Test
  void removingSafeupItselfTakesNoSetThatNoSafeupWouldBeLeftToDecide() {
    for (List<String> pacman :
        List.of(
            List.of("pacman", "-R", "safeup"),
            List.of("pacman", "-Rns", "hello", "safeup"),
            List.of("/usr/bin/pacman", "--remove", "safeup"))) {
      run.parentCommand = pacman;
      assertEquals(0, run.run("hook", "snapshot"), run.err);
      assertTrue(run.processes.calls("lvcreate").isEmpty(), pacman.toString());
      assertTrue(run.out.contains("this transaction removes safeup itself"), run.out);
    }
    run.parentCommand = List.of("pacman", "-S", "safeup");
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertEquals(1, run.processes.calls("lvcreate").size(), "upgrading safeup is protected");
  }

  @Test
  void theVariableSkipsTheHook() {
    run.env.put("SAFEUP_SKIP_HOOK", "1");
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.out.contains("SAFEUP_SKIP_HOOK is set"), run.out);
  }

  @Test
  void underTheSafeupThatStartedThisPacmanNoSecondSetIsTaken() {
    try (RunLock held = new SystemFileGateway().tryLock(run.runLock()).orElseThrow()) {
      run.ancestors = List.of(4242L, ProcessHandle.current().pid(), 1L);
      assertEquals(0, run.run("hook", "snapshot"), run.err);
      assertTrue(run.processes.calls("lvcreate").isEmpty());
      assertTrue(run.out.contains("no second set"), run.out);

      run.ancestors = List.of(4242L, 1L); // another safeup, not this pacman's
      assertEquals(3, run.run("hook", "snapshot"));
      assertTrue(run.processes.calls("lvcreate").isEmpty());
      assertTrue(run.err.contains("another safeup is running"), run.err);
      assertTrue(run.err.contains("SAFEUP_SKIP_HOOK=1"), run.err);
    }
  }

  @Test
  void aPendingSetCoversTheTransactionAndNoSecondSetIsTaken() {
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertEquals(1, run.processes.calls("lvcreate").size());
    assertTrue(run.out.contains("is still pending"), run.out);
  }

  @Test
  void aPendingSetThatCannotBeRolledBackCoversNothingAndTheTransactionIsRefused() {
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    run.lvm.invalidate("vg0", "root-safeup-" + ID);
    assertEquals(3, run.run("hook", "snapshot"));
    assertTrue(
        run.err.contains(
            "snapshot set "
                + ID
                + " is pending but cannot be rolled back (invalid: a snapshot overflowed or its disk failed"),
        run.err);
    assertTrue(run.err.contains("First: safeup keep " + ID), run.err);
    assertTrue(run.err.contains("SAFEUP_SKIP_HOOK=1"), run.err);
    assertEquals(1, run.processes.calls("lvcreate").size(), "no second set");
  }

  @Test
  void aFailureToRemoveTheLockRemovesTheSetAndStopsPacman() {
    run.processes.answer(List.of("mount"), 32, "", "mount: wrong fs type");
    assertEquals(5, run.run("hook", "snapshot"));
    assertTrue(run.err.contains("cannot mount vg0/root-safeup-" + ID), run.err);
    assertTrue(run.err.contains("pacman did not go on"), run.err);
    assertFalse(
        run.lvm.names().stream().anyMatch(n -> n.contains("safeup")), run.lvm.names().toString());
  }

  @Test
  void theGuardRefusesWhileARollbackIsScheduledAndPassesOtherwise() {
    assertEquals(0, run.run("hook", "guard"), run.err);
    assertEquals(0, run.run("--then", "later", "hook", "snapshot"), run.err);
    assertEquals(0, run.run("hook", "guard"), run.err);
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertEquals(3, run.run("hook", "guard"));
    assertTrue(run.err.contains("a rollback to snapshot set " + ID + " is under way"), run.err);
    assertTrue(run.err.contains("reboot to complete the rollback"), run.err);
    assertEquals(3, run.run("hook", "snapshot"));
  }

  private static void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path top) {
    if (!Files.exists(top)) {
      return;
    }
    try (var paths = Files.walk(top)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
