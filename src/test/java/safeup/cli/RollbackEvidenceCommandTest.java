package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.process.ProcessResult;
import safeup.system.Mount;
import safeup.testing.CommandRun;

/**
 * The evidence of a rollback: written into the snapshot of the volume that holds /var/log, mounted
 * read-write just before the merge, so that it comes back with the merge. Here the "snapshot" is a
 * directory that the mount's directory is moved into when it is unmounted; SystemGuestTrialTest and
 * SystemGuestRollbackTest prove it over real merges of thick and thin roots.
 */
class RollbackEvidenceCommandTest {
  private static final String ID = "20261127-101500";
  private static final String SNAPSHOT = "vg0/root-safeup-" + ID;

  /** The set's members are made at this time (LVM's lv_time in the simulator). */
  private static final String SINCE = "--since=@1795773600";

  private static final String BEFORE = "[2026-11-27T09:59:00+0000] [ALPM] upgraded old (1 -> 2)";
  private static final String UPGRADE =
      "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)";
  private static final String HOOK = "[2026-11-27T10:15:06+0000] [ALPM-SCRIPTLET] hello says hi";

  @TempDir Path dir;
  CommandRun run;

  /** What was written into each snapshot while it was mounted, by its device. */
  Path snapshots;

  @BeforeEach
  void setUp() throws IOException {
    run = new CommandRun(dir);
    snapshots = dir.resolve("snapshots");
    run.appendLog(BEFORE);
    run.pacmanLogs(0, UPGRADE, HOOK);
    run.processes.answer(
        List.of("journalctl"), 0, "-- Boot 1 --\nhello[12]: hello 1.1 cannot start\n", "");
    run.processes.on(List.of("mount"), this::mount);
    run.processes.on(List.of("umount"), this::unmount);
  }

  /** Remembers which device is mounted at the directory. */
  private ProcessResult mount(List<String> argv) {
    String device = argv.get(argv.size() - 2);
    String at = argv.get(argv.size() - 1);
    try {
      Files.writeString(Path.of(at + ".device"), device);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProcessResult(argv, 0, "", "");
  }

  /**
   * Moves what was written at the directory into the snapshot it stands for, as umount hides it.
   */
  private ProcessResult unmount(List<String> argv) {
    Path at = Path.of(argv.get(argv.size() - 1));
    try {
      Path device = Path.of(at + ".device");
      Path into = snapshots.resolve(Files.readString(device).replace('/', '_'));
      Files.createDirectories(into);
      try (Stream<Path> entries = Files.list(at)) {
        for (Path entry : entries.toList()) {
          Files.move(entry, into.resolve(entry.getFileName()));
        }
      }
      Files.delete(device);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProcessResult(argv, 0, "", "");
  }

  /** The mounts that write: the evidence's (those of safeup diff's look are read-only). */
  private List<List<String>> rwMounts() {
    return run.processes.calls("mount").stream().filter(c -> c.get(4).startsWith("rw")).toList();
  }

  private Path inSnapshot(String device, String path) {
    return snapshots.resolve(device.replace('/', '_')).resolve(path);
  }

  private void update(String... options) {
    List<String> args = new java.util.ArrayList<>(List.of(options));
    args.addAll(List.of("--then", "later", "pacman", "-Syu"));
    assertEquals(0, run.run(args.toArray(String[]::new)), run.err);
  }

  @Test
  void theJournalPacmansLogAndAReportGoIntoTheRootSnapshotBeforeItsMerge() throws IOException {
    update();
    assertEquals(0, run.run("rollback", "--yes"), run.err);

    List<List<String>> calls = run.processes.calls();
    int mount = calls.indexOf(rwMounts().get(0));
    int umount = run.processes.indexOf("umount", mount);
    int merge = run.processes.indexOf("lvconvert");
    assertTrue(mount >= 0 && mount < umount && umount < merge, calls.toString());
    List<String> mounted = rwMounts().get(0);
    assertEquals(
        List.of("mount", "-t", "ext4", "-o", "rw", "/dev/vg0/root-safeup-" + ID),
        mounted.subList(0, 6),
        "the root's snapshot, read-write, once nothing more can refuse the rollback");
    assertEquals(List.of("sync", "-f", mounted.get(6)), calls.get(umount - 1));
    assertEquals(
        List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso-precise", SINCE),
        run.processes.calls("journalctl").get(0));

    String device = "/dev/" + SNAPSHOT;
    Path evidence = inSnapshot(device, "var/log/safeup/rollback-" + ID);
    assertEquals(
        "-- Boot 1 --\nhello[12]: hello 1.1 cannot start\n", read(evidence.resolve("journal.txt")));
    assertEquals(UPGRADE + "\n" + HOOK + "\n", read(evidence.resolve("pacman.log")));
    String report = read(evidence.resolve("report.txt"));
    assertTrue(report.startsWith("safeup rolled back snapshot set " + ID + "\n"), report);
    assertTrue(report.contains("why:   safeup rollback\n"), report);
    assertTrue(report.contains("set:   taken 2026-11-27 10:00:00 +0000 before 'pacman -Syu'\n"));
    assertTrue(report.contains("Packages the rollback undoes (1):\n  upgraded hello"), report);
    assertTrue(report.contains("Written into " + SNAPSHOT + " just before its merge"), report);
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(evidence.resolve("report.txt"))),
        "the journal is not for every user");
    assertTrue(run.out.contains("they come back with the merge"), run.out);
    try (Stream<Path> left = Files.list(run.files.resolve("run/safeup"))) {
      assertEquals(
          List.of(), left.filter(p -> p.getFileName().toString().startsWith("carry-")).toList());
    }

    // The merge brings the directory back; the first login after it says where it is.
    copy(inSnapshot(device, "var"), run.files.resolve("var"));
    run.lvm.reboot();
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertTrue(
        read(run.files.resolve("run/motd.d/safeup"))
            .contains(
                ": safeup rollback. What its boots logged, and why: /var/log/safeup/rollback-"
                    + ID
                    + "/. 'journalctl -t safeup' has the details."),
        read(run.files.resolve("run/motd.d/safeup")));
  }

  @Test
  void varLogOnAThinMemberIsActivatedToBeWrittenAndDeactivatedAfter() throws IOException {
    run.lvm.thinPool("vg0", "pool", 40.0, 12.5).thin("vg0", "var", "pool", "", 5);
    run.mounts.add(new Mount(254, 5, "/var", "xfs", "/dev/mapper/vg0-var"));
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nVolumes = vg0/root vg0/var\n");
    update("-c", config.toString());
    run.lvm.find("vg0/var-safeup-" + ID).put("lv_kernel_major", -1); // skipped by activation
    run.lvm.find("vg0/var-safeup-" + ID).put("lv_kernel_minor", -1);
    assertEquals(0, run.run("-c", config.toString(), "rollback", "--yes"), run.err);

    assertEquals(
        List.of("mount", "-t", "xfs", "-o", "rw,nouuid", "/dev/vg0/var-safeup-" + ID),
        rwMounts().get(0).subList(0, 6));
    List<List<String>> activations =
        run.processes.calls("lvchange").stream().filter(c -> c.get(1).startsWith("-a")).toList();
    assertEquals(
        List.of(
            List.of("lvchange", "-ay", "-K", "vg0/var-safeup-" + ID),
            List.of("lvchange", "-an", "vg0/var-safeup-" + ID)),
        activations.subList(activations.size() - 2, activations.size()),
        "activated to be written, and left as it was");
    assertTrue(
        Files.exists(
            inSnapshot("/dev/vg0/var-safeup-" + ID, "log/safeup/rollback-" + ID + "/report.txt")));
    assertEquals(2, run.processes.calls("lvconvert").size(), "and the rollback went on");
  }

  @Test
  void aFilesystemThatCannotBeMountedTwiceOrASnapshotWithoutRoomIsOnlyAWarning()
      throws IOException {
    run.mounts.set(0, new Mount(254, 0, "/", "btrfs", "/dev/mapper/vg0-root"));
    update();
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertTrue(
        run.err.contains(
            "the evidence of this rollback could not be written to /var/log/safeup/rollback-"
                + ID
                + " on "
                + SNAPSHOT
                + ": "
                + SNAPSHOT
                + " holds btrfs, which cannot be mounted beside its origin: the kernel would"
                + " take both for one filesystem; the rollback goes on"),
        run.err);
    assertEquals(List.of(), rwMounts());
    assertEquals(1, run.processes.calls("lvconvert").size());
  }

  @Test
  void aNearlyFullSnapshotGetsNothingWrittenIntoIt() throws IOException {
    update();
    run.lvm.fill("vg0", "root-safeup-" + ID, 99.99);
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertTrue(
        run.err.contains(
            ": only 21.0 KiB could be written into it without bringing it near an overflow ("),
        run.err);
    assertEquals(List.of(), rwMounts());
    assertEquals(1, run.processes.calls("lvconvert").size());
  }

  @Test
  void varLogOutsideTheSetIsWrittenInPlaceAsTheRollbackLeavesItAlone() throws IOException {
    run.lvm.lv("vg0", "logs", 512 * safeup.testing.LvmSimulator.MIB, 9);
    run.mounts.add(new Mount(254, 9, "/var/log", "ext4", "/dev/mapper/vg0-logs"));
    update();
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertEquals(List.of(), rwMounts());
    assertTrue(
        read(run.files.resolve("var/log/safeup/rollback-" + ID + "/report.txt"))
            .contains("safeup rolled back snapshot set " + ID));
    assertFalse(
        read(run.files.resolve("var/log/safeup/rollback-" + ID + "/report.txt"))
            .contains("Written into"));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
