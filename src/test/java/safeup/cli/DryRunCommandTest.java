package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.files.SystemFileGateway;
import safeup.system.Mount;
import safeup.testing.CommandRun;

/**
 * Every command that takes {@code --dry-run}, run against a populated machine (a vfat /boot with
 * kernels, an /efi shared with another system, a pending set with its copy of /boot, the boot
 * units, a set mounted): each file's bytes, mode and time stay as they were, and no command that
 * changes anything is run.
 */
class DryRunCommandTest {
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
    boot = run.files.resolve("boot");
    run.mounts.add(new Mount(259, 1, "/boot", "vfat", "/dev/nvme0n1p1"));
    run.mounts.add(new Mount(259, 2, "/efi", "vfat", "/dev/nvme0n1p2"));
    write(boot.resolve("vmlinuz-linux"), "kernel 6.1");
    write(boot.resolve("initramfs-linux.img"), "initramfs 6.1");
    write(boot.resolve("grub/grubenv"), "# GRUB Environment Block\n");
    write(run.files.resolve("efi/EFI/Microsoft/Boot/BCD"), "another system's boot data");
    write(run.files.resolve("efi/EFI/arch/grubx64.efi"), "loader");
    new SystemFileGateway().tryLock(run.runLock()).orElseThrow().close(); // see tree()
    run.processes.on(
        List.of("mount"),
        argv -> {
          run.mounts.add(new Mount(254, 50, argv.get(argv.size() - 1), argv.get(2), argv.get(5)));
          return new safeup.process.ProcessResult(argv, 0, "", "");
        });
  }

  @Test
  void everyCommandThatTakesDryRunChangesNoFileAndRunsNoChange() throws IOException {
    dryRun(0, "pacman", "-Syu");
    dryRun(0, "boot", "snapshot");
    dryRun(0, "hook", "snapshot");
    dryRun(0, "boot", "enable");

    kernelUpdate();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertTrue(Files.isRegularFile(run.files.resolve("var/lib/safeup/boot/" + ID + "/MANIFEST")));
    assertEquals(0, run.run("boot", "enable"), run.err);

    dryRun(0, "keep");
    dryRun(0, "rollback", "--yes");
    assertTrue(run.out.contains("would put back: " + boot.resolve("vmlinuz-linux")), run.out);
    assertTrue(run.out.contains("would remove: " + boot.resolve("vmlinuz-linux-lts")), run.out);
    dryRun(0, "boot", "rollback");
    dryRun(0, "boot", "disable");
    dryRun(0, "hook", "snapshot");
    dryRun(4, "pacman", "-Syu");
    dryRun(0, "mount", dir.resolve("look").toString());
    dryRun(0, "backup", "--output", dir.resolve("set.tar.zst").toString());

    Path mounted = dir.resolve("mounted");
    assertEquals(0, run.run("mount", mounted.toString()), run.err);
    dryRun(0, "umount", mounted.toString());
  }

  /**
   * Runs {@code safeup --dry-run ARGS} and checks that it ended with {@code code}, changed no file
   * under the machine's directory and ran only read-only probes.
   */
  private void dryRun(int code, String... args) throws IOException {
    Map<String, String> before = tree();
    int changes = run.processes.changes().size();
    List<String> argv = new ArrayList<>(List.of("--dry-run"));
    argv.addAll(List.of(args));
    String command = String.join(" ", argv);
    assertEquals(code, run.run(argv.toArray(String[]::new)), command + "\n" + run.out + run.err);
    assertEquals(before, tree(), command + " changed files:\n" + run.out);
    assertEquals(
        List.of(),
        run.processes.changes().subList(changes, run.processes.changes().size()),
        command + " ran a change");
  }

  /**
   * Every file, directory and link under the test's directory: type, mode, time and content. The
   * run lock is left out: every run takes it, a dry run too (its file, made before the first run,
   * holds the holder's id).
   */
  private Map<String, String> tree() throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(p -> !p.equals(run.runLock())).toList()) {
        String mode =
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        String what =
            Files.isSymbolicLink(p)
                ? "link " + Files.readSymbolicLink(p)
                : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    ? "dir"
                    : "file " + sha256(Files.readAllBytes(p));
        entries.put(
            dir.relativize(p).toString(),
            what
                + " "
                + mode
                + " "
                + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
      }
    }
    return entries;
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

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
