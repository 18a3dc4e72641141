package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.process.ProcessResult;
import safeup.system.Mount;
import safeup.testing.CommandRun;

/**
 * safeup mount, umount and backup through the real command line: the mounts go into the simulated
 * mount table, tar is scripted.
 */
class BackupCommandTest {
  private static final String ID = "20261127-101500";
  private static final String ROOT_SNAP = "vg0/root-safeup-" + ID;
  private static final String HOME_SNAP = "vg0/home-safeup-" + ID;

  @TempDir Path dir;
  CommandRun run;
  Path records;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    records = run.files.resolve("run/safeup/mounts");
    List<String> tags =
        List.of(
            "safeup",
            "safeup-set:" + ID,
            "safeup-members:2",
            "safeup-host:" + CommandRun.MACHINE_ID);
    run.lvm
        .snapshot("vg0", "root-safeup-" + ID, "root", tags)
        .snapshot("vg0", "home-safeup-" + ID, "home", tags);
    for (String snap :
        List.of(ROOT_SNAP, HOME_SNAP)) { // thick snapshots are active with their origin
      Map<String, Object> lv = run.lvm.find(snap);
      lv.put("lv_kernel_major", 254);
      lv.put("lv_kernel_minor", snap.equals(ROOT_SNAP) ? 10 : 11);
    }
    run.mounts.add(new Mount(254, 1, "/home", "xfs", "/dev/mapper/vg0-home"));
    run.processes.on(
        List.of("mount"),
        argv -> {
          run.mounts.add(new Mount(254, 50, argv.get(argv.size() - 1), argv.get(2), argv.get(5)));
          return new ProcessResult(argv, 0, "", "");
        });
    run.processes.on(
        List.of("umount"),
        argv -> {
          run.mounts.removeIf(m -> m.mountPoint().equals(argv.get(1)));
          return new ProcessResult(argv, 0, "", "");
        });
    run.processes.on(List.of("tar", "--create"), this::tarCreate);
  }

  /** tar writes the archive to its standard output, its progress to standard error. */
  private ProcessResult tarCreate(List<String> argv) {
    String progress =
        argv.stream().anyMatch(a -> a.startsWith("--checkpoint="))
            ? "tar: safeup-progress 1048576 (1.0MiB, 1.0MiB/s)\n"
            : "";
    return new ProcessResult(argv, 0, "archive", progress);
  }

  private List<String> mountPoints() {
    return run.mounts.stream().map(Mount::mountPoint).toList();
  }

  @Test
  void mountPlacesEachSnapshotWhereItsOriginIsMountedReadOnlyAndUmountUndoesIt() {
    Path target = dir.resolve("snap");
    assertEquals(0, run.run("mount", target.toString()), run.err);
    assertEquals(
        List.of(
            List.of(
                "mount", "-t", "ext4", "-o", "ro,noload", "/dev/" + ROOT_SNAP, target.toString()),
            List.of(
                "mount",
                "-t",
                "xfs",
                "-o",
                "ro,norecovery,nouuid",
                "/dev/" + HOME_SNAP,
                target.resolve("home").toString())),
        run.processes.calls("mount"));
    assertTrue(run.out.contains("'safeup umount " + target + "' unmounts it"), run.out);
    assertTrue(Files.isDirectory(target.resolve("home")), "the directories were made");
    assertEquals(1, count(records), "one record");

    assertEquals(3, run.run("mount", dir.resolve("snap").toString()), "mounted there already");
    assertTrue(run.err.contains("safeup has already mounted a snapshot set at " + target), run.err);

    assertEquals(0, run.run("umount", target.toString()), run.err);
    assertEquals(
        List.of(
            List.of("umount", target.resolve("home").toString()),
            List.of("umount", target.toString())),
        run.processes.calls("umount"));
    assertEquals(List.of("/", "/home"), mountPoints(), "only the system's own mounts are left");
    assertFalse(Files.exists(target), "the directories made by mount are gone");
    assertEquals(0, count(records), "the record is gone");
    assertTrue(run.processes.calls("lvchange").isEmpty(), "thick snapshots were active already");
  }

  @Test
  void aThinSnapshotIsActivatedDespiteItsSkipFlagAndDeactivatedAfterwards() {
    run.lvm.thinPool("vg0", "pool", 20.0, 5.0).thin("vg0", "data", "pool", "", 7);
    run.mounts.add(new Mount(254, 7, "/srv/data", "ext4", "/dev/mapper/vg0-data"));
    List<String> tags =
        List.of(
            "safeup",
            "safeup-set:20261128-080000",
            "safeup-members:1",
            "safeup-host:" + CommandRun.MACHINE_ID);
    run.lvm.thin("vg0", "data-safeup-20261128-080000", "pool", "data", 8);
    Map<String, Object> thin = run.lvm.find("vg0/data-safeup-20261128-080000");
    thin.put("lv_attr", "Vwi---tz-k");
    thin.put("lv_kernel_major", -1);
    thin.put("lv_kernel_minor", -1);
    thin.put("lv_tags", tags);
    Path target = dir.resolve("t");
    assertEquals(0, run.run("mount", "20261128-080000", target.toString()), run.err);
    assertEquals(
        List.of(List.of("lvchange", "-ay", "-K", "vg0/data-safeup-20261128-080000")),
        run.processes.calls("lvchange"));
    assertEquals(
        List.of(
            "mount",
            "-t",
            "ext4",
            "-o",
            "ro,noload",
            "/dev/vg0/data-safeup-20261128-080000",
            target.resolve("srv/data").toString()),
        run.processes.calls("mount").get(0));
    assertEquals(0, run.run("umount", target.toString()), run.err);
    assertEquals(
        List.of("lvchange", "-an", "vg0/data-safeup-20261128-080000"),
        run.processes.calls("lvchange").get(1));
    assertFalse(Files.exists(target));
  }

  @Test
  void umountRefusesADirectorySafeupDidNotMount() {
    assertEquals(3, run.run("umount", dir.toString()));
    assertTrue(run.err.contains("safeup did not mount anything at " + dir), run.err);
    assertTrue(run.processes.calls("umount").isEmpty());
  }

  @Test
  void anOverflowedOrMergingSetIsRefusedWithTheReason() {
    run.lvm.invalidate("vg0", "home-safeup-" + ID);
    assertEquals(3, run.run("mount", dir.resolve("m").toString()));
    assertTrue(
        run.err.contains(
            "snapshot set "
                + ID
                + " cannot be mounted or backed up: "
                + HOME_SNAP
                + " is invalid (it overflowed, or its disk failed)"),
        run.err);
    assertEquals(3, run.run("backup", "--output", dir.resolve("b.tar.zst").toString()));
    assertTrue(run.err.contains("cannot be mounted or backed up"), run.err);
    assertTrue(run.processes.calls("mount").isEmpty());
    assertTrue(run.processes.calls("tar").isEmpty());
  }

  @Test
  void aBtrfsVolumeIsRefusedBeforeAnythingIsMounted() {
    run.mounts.removeIf(m -> m.mountPoint().equals("/home"));
    run.mounts.add(new Mount(254, 1, "/home", "btrfs", "/dev/mapper/vg0-home"));
    assertEquals(3, run.run("mount", dir.resolve("m").toString()));
    assertTrue(
        run.err.contains(
            HOME_SNAP
                + " holds btrfs, which cannot be mounted beside its origin: the kernel would take"
                + " both for one filesystem"),
        run.err);
    assertTrue(run.processes.calls("mount").isEmpty(), "not even the root's snapshot");
    assertFalse(Files.exists(dir.resolve("m")));
  }

  @Test
  void aSnapshotWhoseOriginIsNotMountedIsRefusedByName() {
    run.mounts.removeIf(m -> m.mountPoint().equals("/home"));
    assertEquals(3, run.run("mount", dir.resolve("m").toString()));
    assertTrue(
        run.err.contains("vg0/home (the origin of " + HOME_SNAP + ") is not mounted"), run.err);
  }

  @Test
  void backupWritesThePartialFileChecksItReadsBackAndRenamesIt() throws IOException {
    Path file = dir.resolve("system.tar.zst");
    assertEquals(0, run.run("backup", "--output", file.toString()), run.err);
    List<String> tar = run.processes.calls("tar").get(0);
    Path work = Path.of(tar.get(tar.indexOf("--directory") + 1));
    assertEquals(
        List.of(
            "tar",
            "--create",
            "--file",
            "-",
            "--blocking-factor=2048",
            "--numeric-owner",
            "--acls",
            "--xattrs",
            "--xattrs-include=*",
            "--one-file-system",
            "--zstd",
            "--directory",
            work.toString(),
            ".",
            "./home"),
        tar);
    assertEquals(1, run.processes.calls("tar").size(), "tar runs once");
    assertEquals("archive", Files.readString(file));
    assertFalse(Files.exists(Path.of(file + ".partial")));
    assertTrue(run.out.contains("written to " + file + ": 7 B, read back from the disk"), run.out);
    assertEquals(List.of("/", "/home"), mountPoints(), "nothing is left mounted");
    assertFalse(Files.exists(work), "the private directory is gone");
    assertEquals(0, count(records));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void theCompressionComesFromTheFileName() {
    for (String name : List.of("a.tar.gz", "b.tar.xz", "c.tar", "d.img")) {
      assertEquals(0, run.run("backup", "-o", dir.resolve(name).toString()), run.err);
    }
    List<List<String>> creates =
        run.processes.calls("tar").stream().filter(argv -> argv.get(1).equals("--create")).toList();
    assertTrue(creates.get(0).contains("--gzip"));
    assertTrue(creates.get(1).contains("--xz"));
    assertTrue(
        creates.get(2).stream().noneMatch(a -> List.of("--gzip", "--xz", "--zstd").contains(a)));
    assertTrue(creates.get(3).contains("--zstd"));
  }

  @Test
  void anExistingFileIsRefusedBeforeAnythingIsMounted() throws IOException {
    Path file = Files.writeString(dir.resolve("old.tar.zst"), "keep me");
    assertEquals(3, run.run("backup", "--output", file.toString()));
    assertTrue(run.err.contains(file + " already exists; give another --output"), run.err);
    assertEquals("keep me", Files.readString(file));
    assertTrue(run.processes.calls("mount").isEmpty());
  }

  @Test
  void anArchiveThatDoesNotReadBackAsWrittenIsNotKept() {
    Path file = dir.resolve("system.tar.zst");
    Path partial = Path.of(file + ".partial");
    // the disk changes one byte after tar has finished (the sync before the read-back)
    run.processes.on(
        List.of("sync"),
        argv -> {
          try {
            if (Files.exists(partial) && Files.size(partial) > 0) {
              Files.writeString(partial, "arXhive");
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return new ProcessResult(argv, 0, "", "");
        });
    assertEquals(9, run.run("backup", "--output", file.toString()));
    assertTrue(
        run.err.contains(
            "the archive does not read back as written: safeup wrote 7 bytes, CRC-32C "),
        run.err);
    assertTrue(run.err.contains("nothing was kept (check the disk"), run.err);
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(partial));
    assertEquals(List.of("/", "/home"), mountPoints());
  }

  @Test
  void tarFailingLeavesNothingMountedAndNoFile() {
    run.processes.answer(
        List.of("tar", "--create"),
        2,
        "",
        "tar: ./etc/x: Cannot open: Input/output error\ntar: Exiting with failure status due to"
            + " previous errors\n");
    Path file = dir.resolve("system.tar.zst");
    assertEquals(9, run.run("backup", "--output", file.toString()));
    assertTrue(
        run.err.contains(
            "tar failed (exit 2) writing " + file + ".partial: tar: ./etc/x: Cannot open"),
        run.err);
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(Path.of(file + ".partial")));
    assertEquals(List.of("/", "/home"), mountPoints());
  }

  @Test
  void termWhileTarRunsUnmountsAndRemovesThePartialFile() {
    run.processes.on(
        List.of("tar", "--create"),
        argv -> {
          tarCreate(argv);
          run.signals.deliver("TERM");
          return new ProcessResult(argv, 143, "", "");
        });
    Path file = dir.resolve("system.tar.zst");
    assertEquals(9, run.run("backup", "--output", file.toString()));
    assertTrue(
        run.err.contains("interrupted (SIGTERM) while backing up snapshot set " + ID), run.err);
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(Path.of(file + ".partial")));
    assertEquals(List.of("/", "/home"), mountPoints());
    assertFalse(Thread.interrupted(), "the signal's interruption was consumed");
  }

  @Test
  void aProgressBarOnlyOnATerminal() {
    assertEquals(0, run.run("backup", "--output", dir.resolve("a.tar").toString()), run.err);
    assertFalse(run.out.contains("backing up ["), run.out);
    assertTrue(
        run.processes.calls("tar").get(0).stream().noneMatch(a -> a.startsWith("--checkpoint")),
        "tar reports no progress nobody sees");
    run.terminal = true;
    assertEquals(0, run.run("backup", "--output", dir.resolve("b.tar").toString()), run.err);
    assertTrue(run.out.contains("\r   backing up ["), run.out);
    assertTrue(run.processes.calls("tar").get(1).contains("--checkpoint=1"), "once a record");
  }

  private static long count(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (var files = Files.list(directory)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void mountRefusesAPathAnotherUserCouldRedirect() throws IOException {
    Path shared = dir.resolve("shared");
    Files.createDirectories(shared);
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(3, run.run("mount", shared.resolve("snap").toString()));
    assertTrue(
        run.err.contains(
            "safeup will not mount a snapshot set at "
                + shared.resolve("snap")
                + ": "
                + shared
                + " may be written by other users"),
        run.err);
    assertTrue(run.err.contains("such as /mnt"), run.err);

    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, run.files);
    assertEquals(3, run.run("mount", link.resolve("etc").toString()));
    assertTrue(run.err.contains(link + " is a symbolic link"), run.err);
    assertTrue(run.processes.calls("mount").isEmpty());
    assertTrue(run.processes.calls("lvchange").isEmpty());
  }
}
