package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.read;
import static safeup.testing.TestFiles.write;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.system.Mount;
import safeup.testing.CommandRun;

/**
 * A rollback stopped between its first merge and the end of the /boot restore: by a signal, which
 * waits, or by a kill or power cut, after which the volume group's record names the one command
 * that finishes it, before and after the reboot that completes the merge.
 */
class RollbackInterruptionCommandTest {
  private static final String ID = "20261127-101500";
  private static final String STARTED = "[2026-11-27T10:15:04+0000] [ALPM] transaction started";
  private static final String KERNEL =
      "[2026-11-27T10:15:05+0000] [ALPM] upgraded linux (6.1-1 -> 6.2-1)";

  @TempDir Path dir;
  CommandRun run;
  Path boot;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    run.mounts.add(new Mount(259, 1, "/boot", "vfat", "/dev/nvme0n1p1"));
    boot = run.files.resolve("boot");
    write(boot.resolve("vmlinuz-linux"), "kernel 6.1");
    write(boot.resolve("initramfs-linux.img"), "initramfs 6.1");
    run.pacmanDoes(
        0,
        () -> {
          write(boot.resolve("vmlinuz-linux"), "kernel 6.2");
          write(boot.resolve("initramfs-linux.img"), "initramfs 6.2");
        },
        STARTED,
        KERNEL);
  }

  private String kernel() {
    return read(boot.resolve("vmlinuz-linux"));
  }

  /** safeup dies right after the first merge is scheduled, as with SIGKILL or a power cut. */
  private void killedAtTheFirstMerge() {
    AtomicBoolean once = new AtomicBoolean();
    run.lvm.afterMerge(
        () -> {
          if (once.compareAndSet(false, true)) {
            throw new IllegalStateException("killed");
          }
        });
  }

  @Test
  void aSignalAfterTheFirstMergeWaitsUntilBootIsBackAndStopsBeforeTheReboot() {
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    run.lvm.afterMerge(() -> run.signals.deliver("HUP"));

    run.run("rollback", "--yes");

    assertEquals(129, run.signals.exitCode, run.err);
    assertTrue(run.err.contains("SIGHUP received: the rollback puts /boot back first"), run.err);
    assertTrue(run.err.contains("stopped by SIGHUP before the reboot"), run.err);
    assertEquals(1, run.processes.calls("lvconvert").size(), "the merge was scheduled");
    assertEquals("kernel 6.1", kernel());
    assertTrue(run.processes.calls("systemctl").isEmpty(), "no reboot");
    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("merge scheduled, reboot needed"), run.out);
  }

  @Test
  void atThePromptARollbackIsNotReportedAsPendingWhenASignalComes() {
    run.terminal = true;
    run.answers.addAll(List.of("r", "y"));
    run.lvm.afterMerge(() -> run.signals.deliver("TERM"));
    run.run("pacman", "-Syu");
    assertEquals(143, run.signals.exitCode, run.err);
    assertFalse(run.err.contains("stays pending"), run.err);
    assertTrue(run.err.contains("SIGTERM received: the rollback puts /boot back first"), run.err);
    assertEquals("kernel 6.1", kernel());
  }

  @Test
  void killedBeforeBootWasPutBackStatusDoctorAndTheGuardNameTheCommandThatFinishesIt() {
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    killedAtTheFirstMerge();
    assertEquals(70, run.run("rollback", "--yes"));
    assertEquals("kernel 6.2", kernel(), "killed before /boot was put back");

    assertEquals(0, run.run("status", "--json"), run.err);
    assertTrue(run.out.contains("\"state\" : \"rollback-interrupted\""), run.out);
    assertTrue(run.out.contains("\"boot_put_back_pending\" : true"), run.out);
    assertEquals(3, run.run("hook", "guard"));
    assertTrue(run.err.contains("safeup rollback " + ID + "  (to finish it)"), run.err);
    assertEquals(3, run.run("keep"));

    run.lvm.afterMerge(() -> {});
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertEquals("kernel 6.1", kernel());
    assertEquals(List.of(List.of("systemctl", "reboot")), run.processes.calls("systemctl"));
    assertEquals(0, run.run("status", "--json"), run.err);
    assertFalse(run.out.contains("\"boot_put_back_pending\" : true"), run.out);
  }

  @Test
  void aRebootThatCompletedTheMergeFirstLeavesTheRecordAndRollbackFinishesIt() {
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    killedAtTheFirstMerge();
    run.run("rollback", "--yes");
    run.lvm.afterMerge(() -> {});
    run.lvm.reboot(); // a power cut: the next boot merged the root; /boot still has 6.2
    assertFalse(
        run.lvm.names().stream().anyMatch(n -> n.contains("safeup")), run.lvm.names().toString());

    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("its merge is complete, but /boot was not put back"), run.out);
    assertTrue(run.out.contains("next:    safeup rollback " + ID + "  (to finish it)"), run.out);
    assertEquals(0, run.run("status", "--json"), run.err);
    assertTrue(run.out.contains("\"created\" : null"), "every field, null ones too: " + run.out);
    assertTrue(run.out.contains("\"volumes\" : [ ]"), run.out);
    assertTrue(run.out.contains("\"boots\" : 0"), run.out);
    assertEquals(3, run.run("doctor"));
    assertTrue(run.out.contains("safeup rollback " + ID), run.out);
    assertEquals(3, run.run("hook", "guard"));
    assertTrue(run.err.contains("First: safeup rollback " + ID), run.err);
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("pacman did not run. First: safeup rollback " + ID), run.err);

    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertTrue(run.out.contains("Finishing the rollback of snapshot set " + ID), run.out);
    assertEquals("kernel 6.1", kernel());
    assertEquals(
        List.of(List.of("systemctl", "reboot")),
        run.processes.calls("systemctl").stream().filter(c -> c.contains("reboot")).toList());
    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("No snapshot sets"), run.out);
    assertEquals(0, run.run("hook", "guard"), run.err);
  }

  @Test
  void aRebootCommandStoppedByTheShutdownItStartedIsNoFailure() {
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    run.processes.answer(
        List.of("systemctl", "reboot"),
        143,
        "",
        "Failed to connect to system scope bus via local transport: No such file or directory");
    run.processes.answer(List.of("systemctl", "is-system-running"), 1, "stopping\n", "");
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertFalse(run.err.contains("failed"), run.err);
    assertTrue(run.out.contains("Rollback scheduled; rebooting to complete it."), run.out);

    run.processes.answer(List.of("systemctl", "reboot"), 143, "", "Terminated");
    run.processes.answer(List.of("systemctl", "is-system-running"), 0, "running\n", "");
    run.lvm.reboot();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(8, run.run("rollback", "--yes"));
    assertTrue(
        run.err.contains("the reboot command 'systemctl reboot' failed: Terminated"),
        "killed by something else, with no shutdown under way: " + run.err);
  }

  @Test
  void aSnapshotThatOverflowsBeforeTheRebootAfterNoRebootIsNamedWithTheWayOut() {
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    run.lvm.invalidate("vg0", "root-safeup-" + ID); // the running system kept writing

    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("merge failed: a snapshot overflowed"), run.out);
    assertTrue(
        run.out.contains(
            "vg0/root-safeup-"
                + ID
                + " of vg0/root: INVALID after its merge was scheduled (overflowed, or its disk"
                + " failed): LVM aborts that merge at the next boot"),
        run.out);
    assertTrue(run.out.contains("next:    pacman -S $(cat /usr/lib/modules/*/pkgbase)"), run.out);
    assertEquals(0, run.run("hook", "guard"), "the merge will not happen: pacman may run");
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertTrue(run.out.contains("no set is taken for this transaction"), run.out);
    assertEquals(8, run.run("keep"));
    assertTrue(run.err.contains("cannot be removed yet"), run.err);
    assertTrue(run.err.contains("First: pacman -S $(cat /usr/lib/modules/*/pkgbase)"), run.err);

    run.lvm.reboot(); // LVM aborts the merge of the overflowed snapshot
    assertEquals(0, run.run("keep"), run.err);
    assertFalse(
        run.lvm.names().stream().anyMatch(n -> n.contains("safeup")), run.lvm.names().toString());
    assertEquals(0, run.run("hook", "guard"), run.err);
  }
}
