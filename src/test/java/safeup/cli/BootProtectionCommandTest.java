package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.read;
import static safeup.testing.TestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.system.Mount;
import safeup.testing.CommandRun;

/**
 * /boot through an update: saved before the snapshots, put back by a rollback, gone with a kept
 * set; and the other filesystems pacman writes, in the set or refused.
 */
class BootProtectionCommandTest {
  private static final String ID = "20261127-101500";
  private static final String STARTED = "[2026-11-27T10:15:04+0000] [ALPM] transaction started";
  private static final String KERNEL =
      "[2026-11-27T10:15:05+0000] [ALPM] upgraded linux (6.1-1 -> 6.2-1)";

  @TempDir Path dir;
  CommandRun run;
  Path boot;
  Path save;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    boot = run.files.resolve("boot");
    save = run.files.resolve("var/lib/safeup/boot/" + ID);
    write(boot.resolve("vmlinuz-linux"), "kernel 6.1");
    write(boot.resolve("initramfs-linux.img"), "initramfs 6.1");
    write(boot.resolve("EFI/BOOT/BOOTX64.EFI"), "loader");
  }

  /** pacman installs kernel 6.2: a new kernel and initramfs, and a second kernel besides. */
  private void kernelUpdate() {
    run.pacmanDoes(
        0,
        () -> {
          write(boot.resolve("vmlinuz-linux"), "kernel 6.2");
          write(boot.resolve("initramfs-linux.img"), "initramfs 6.2");
          write(boot.resolve("vmlinuz-linux-lts"), "kernel 6.6 lts");
          run.installed("linux", "6.2-1");
        },
        STARTED,
        KERNEL);
  }

  @Test
  void aSeparateBootIsSavedAndPutBackByTheRollback() {
    run.mounts.add(new Mount(259, 1, "/boot", "vfat", "/dev/nvme0n1p1"));
    kernelUpdate();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertTrue(run.out.contains("Saving /boot to /var/lib/safeup/boot/" + ID), run.out);
    assertTrue(run.out.contains("a rollback puts it back"), run.out);
    assertEquals("kernel 6.1", read(save.resolve("files/boot/vmlinuz-linux")));
    assertEquals("kernel 6.2", read(boot.resolve("vmlinuz-linux")));

    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertEquals("kernel 6.1", read(boot.resolve("vmlinuz-linux")));
    assertEquals("initramfs 6.1", read(boot.resolve("initramfs-linux.img")));
    assertEquals("loader", read(boot.resolve("EFI/BOOT/BOOTX64.EFI")));
    assertFalse(Files.exists(boot.resolve("vmlinuz-linux-lts")), "the added kernel goes");
    assertTrue(run.out.contains("Putting /boot back as it was before the update"), run.out);
    int merge = run.processes.indexOf("lvconvert");
    assertTrue(merge >= 0 && merge < run.processes.indexOf("sync", merge), "merge, then sync");
    assertEquals(1, run.processes.calls("systemctl").size());
  }

  @Test
  void keepingTheUpdateRemovesTheSavedBoot() {
    kernelUpdate();
    run.run("--then", "keep", "pacman", "-Syu");
    assertFalse(Files.exists(save), "the copy goes with its set");
    assertEquals("kernel 6.2", read(boot.resolve("vmlinuz-linux")));
  }

  @Test
  void anUpdateThatChangedNothingLeavesNoSavedBoot() {
    run.pacmanLogs(0);
    assertEquals(0, run.run("pacman", "-Syu"), run.err);
    assertFalse(Files.exists(save));
  }

  @Test
  void aSaveLeftByAnEarlierRollbackIsRemovedByTheNextUpdate() {
    Path old = run.files.resolve("var/lib/safeup/boot/20261101-080000");
    write(old.resolve("MANIFEST"), "");
    run.pacmanLogs(0);
    run.run("pacman", "-Syu");
    assertFalse(Files.exists(old));
  }

  @Test
  void aDamagedSaveRefusesTheRollbackBeforeAnyMerge() {
    kernelUpdate();
    run.run("--then", "later", "pacman", "-Syu");
    write(save.resolve("files/boot/vmlinuz-linux"), "bit rot");
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(run.err.contains("saved copy of /boot/vmlinuz-linux"), run.err);
    assertTrue(run.err.contains("nothing was merged"), run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertEquals("kernel 6.2", read(boot.resolve("vmlinuz-linux")));
  }

  @Test
  void withoutBootRollsBackAndLeavesBootAlone() throws IOException {
    kernelUpdate();
    run.run("--then", "later", "pacman", "-Syu");
    Files.delete(save.resolve("MANIFEST"));
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(run.err.contains("missing or incomplete"), run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertEquals(0, run.run("rollback", "--yes", "--without-boot"), run.err);
    assertEquals(1, run.processes.calls("lvconvert").size(), "the root merged");
    assertEquals("kernel 6.2", read(boot.resolve("vmlinuz-linux")));
  }

  @Test
  void bootInsideTheRootIsPutBackBeforeTheRebootSoThatGrubReadsTheOldKernel() {
    kernelUpdate();
    run.run("--then", "rollback", "pacman", "-Syu");
    assertEquals("kernel 6.1", read(boot.resolve("vmlinuz-linux")));
    assertFalse(Files.exists(boot.resolve("vmlinuz-linux-lts")));
  }

  @Test
  void aRestoreThatWouldOverflowTheRootsSnapshotIsRefusedBeforeAnyMerge() {
    kernelUpdate();
    run.run("--then", "later", "pacman", "-Syu");
    run.lvm.find("vg0/root-safeup-" + ID).put("snap_percent", 99.0);
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(run.err.contains("putting /boot back writes"), run.err);
    assertTrue(run.err.contains("lvextend -L +"), run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
  }

  @Test
  void aSeparateFilesystemPacmanWritesIsRefusedByName() {
    run.mounts.add(new Mount(8, 17, "/opt", "xfs", "/dev/sdb1"));
    write(run.root.resolve("var/lib/pacman/local/hello-1.0-1/files"), "%FILES%\nopt/\nopt/x\n");
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("/opt is a separate filesystem (/dev/sdb1, xfs)"), run.err);
    assertTrue(run.err.contains("Unprotected = /opt"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void anUnprotectedFilesystemIsUpdatedWithoutASnapshot() throws IOException {
    run.mounts.add(new Mount(8, 17, "/opt", "xfs", "/dev/sdb1"));
    write(run.root.resolve("var/lib/pacman/local/hello-1.0-1/files"), "%FILES%\nopt/x\n");
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nUnprotected = /opt\n");
    run.pacmanLogs(0);
    assertEquals(0, run.run("-c", config.toString(), "pacman", "-Syu"), run.err);
    assertEquals(1, run.processes.calls("pacman").size());
  }

  @Test
  void aVolumeUnderVarThatPacmanWritesJoinsTheSetAndOneItDoesNotIsLeftAlone() {
    run.lvm.lv("vg0", "cache", 1024 * 1024 * 1024L, 2).lv("vg0", "docker", 1024 * 1024 * 1024L, 3);
    run.mounts.add(new Mount(254, 2, "/var/cache", "ext4", "/dev/mapper/vg0-cache"));
    run.mounts.add(new Mount(254, 3, "/var/lib/docker", "ext4", "/dev/mapper/vg0-docker"));
    run.mounts.add(new Mount(0, 25, "/var/tmp", "tmpfs", "tmpfs"));
    write(
        run.root.resolve("var/lib/pacman/local/hello-1.0-1/files"),
        "%FILES%\nvar/\nvar/cache/\nvar/cache/hello/\n");
    run.pacmanLogs(0);
    run.run("pacman", "-Syu");
    List<String> created =
        run.processes.calls("lvcreate").stream().map(argv -> argv.get(argv.size() - 1)).toList();
    assertEquals(List.of("vg0/root", "vg0/cache"), created);
  }
}
