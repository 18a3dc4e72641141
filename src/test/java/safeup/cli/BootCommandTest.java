package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.testing.CommandRun;

/** safeup boot: the boot-time files, and the snapshot and rollback they run. */
class BootCommandTest {
  private static final List<String> UNITS =
      List.of(
          "safeup-snapshot.service",
          "safeup-snapshot.target",
          "safeup-rollback.service",
          "safeup-rollback.target",
          "safeup-trial.service",
          "safeup-trial-check.service",
          "sysinit.target.d/safeup-trial.conf",
          "multi-user.target.d/safeup-trial.conf");

  @TempDir Path dir;
  CommandRun run;
  Path image;

  @BeforeEach
  void setUp() throws IOException {
    run = new CommandRun(dir);
    image = dir.resolve("image");
    Files.createDirectories(image.resolve("etc/systemd/system"));
    Files.createSymbolicLink(
        image.resolve("etc/systemd/system/default.target"),
        Path.of("/usr/lib/systemd/system/graphical.target"));
  }

  private Path unit(String name) {
    return image.resolve("etc/systemd/system").resolve(name);
  }

  @Test
  void enableInstallsTheUnitsForTheSystemsDefaultTargetAndIsIdempotent() throws IOException {
    assertEquals(0, run.run("boot", "enable", "--root", image.toString()), run.err);
    for (String name : UNITS) {
      assertTrue(Files.readString(unit(name)).startsWith("# Installed by 'safeup boot enable'"));
      assertTrue(run.out.contains("/etc/systemd/system/" + name + "  (installed)"), run.out);
    }
    String target = Files.readString(unit("safeup-snapshot.target"));
    assertTrue(target.contains("Requires=graphical.target\n"), target);
    assertTrue(target.contains("Wants=safeup-snapshot.service\n"), target);
    assertTrue(target.contains("AllowIsolate=yes\n"), target);
    assertTrue(
        Files.readString(unit("safeup-snapshot.service"))
            .contains("ExecStart=/usr/bin/safeup boot snapshot\n"));
    assertTrue(
        Files.readString(unit("safeup-snapshot.service")).contains("TimeoutStartSec=2min\n"),
        "a hung lvcreate does not hang the boot");
    assertTrue(
        Files.readString(unit("safeup-rollback.service"))
            .contains("OnFailure=default.target\nOnFailureJobMode=isolate\n"),
        "a rollback boot whose service fails goes on to the usual system");
    assertTrue(
        Files.readString(unit("sysinit.target.d/safeup-trial.conf"))
            .endsWith("[Unit]\nWants=safeup-trial.service\n"),
        "every boot counts its trial");
    assertTrue(
        Files.readString(unit("safeup-trial.service"))
            .contains("ConditionKernelCommandLine=!systemd.unit=safeup-rollback.target\n"),
        "a rollback boot is no trial");
    assertTrue(run.processes.calls("systemctl").isEmpty(), "no daemon-reload for an image");

    Path script = image.resolve("etc/grub.d/41_safeup");
    assertTrue(Files.isExecutable(script));
    assertTrue(Files.readString(script).startsWith("#! /bin/sh\n# Installed by 'safeup boot"));
    assertTrue(run.out.contains("grub-mkconfig -o /boot/grub/grub.cfg"), run.out);

    assertEquals(0, run.run("boot", "enable", "--root", image.toString()), run.err);
    assertEquals(UNITS.size() + 1, run.out.split("\\(unchanged\\)", -1).length - 1, run.out);
  }

  @Test
  void dryRunShowsEveryFileAndWritesNothing() {
    assertEquals(0, run.run("--dry-run", "boot", "enable", "--root", image.toString()), run.err);
    assertTrue(
        run.out.contains(
            "would write: " + unit("safeup-rollback.target") + " (mode 644)\n      # Installed by"),
        run.out);
    assertTrue(run.out.contains("ExecStart=/usr/bin/safeup boot rollback"), run.out);
    assertFalse(Files.exists(unit("safeup-rollback.target")));
  }

  @Test
  void aFileThatIsNotSafeupsIsNeverOverwrittenOrRemoved() throws IOException {
    Files.writeString(unit("safeup-snapshot.target"), "[Unit]\nDescription=mine\n");
    assertEquals(3, run.run("boot", "enable", "--root", image.toString()));
    assertTrue(run.err.contains("exists and is not safeup's; nothing was installed"), run.err);
    assertFalse(Files.exists(unit("safeup-snapshot.service")), "nothing at all");

    Files.delete(unit("safeup-snapshot.target"));
    run.run("boot", "enable", "--root", image.toString());
    Files.writeString(unit("safeup-snapshot.target"), "[Unit]\nDescription=mine\n");
    assertEquals(0, run.run("boot", "disable", "--root", image.toString()), run.err);
    assertTrue(Files.exists(unit("safeup-snapshot.target")), "the user's file stays");
    assertFalse(Files.exists(unit("safeup-snapshot.service")));
    assertFalse(Files.exists(unit("safeup-rollback.target")));
    try (var left = Files.list(image.resolve("etc/systemd/system"))) {
      assertEquals(2, left.count(), "default.target and the user's file; no drop-in directory");
    }
  }

  @Test
  void statusSaysWhatIsInstalled() throws IOException {
    run.run("boot", "enable", "--root", image.toString());
    Files.writeString(
        unit("safeup-rollback.service"),
        "# Installed by 'safeup boot enable'; 'safeup boot disable' removes it.\n[Unit]\n");
    Files.delete(unit("safeup-rollback.target"));
    assertEquals(0, run.run("boot", "status", "--root", image.toString()), run.err);
    assertTrue(run.out.contains("/etc/systemd/system/safeup-snapshot.target: installed"), run.out);
    assertTrue(
        run.out.contains(
            "/etc/systemd/system/safeup-rollback.service: outdated: run 'safeup boot enable'"),
        run.out);
    assertTrue(run.out.contains("/etc/systemd/system/safeup-rollback.target: missing"), run.out);
  }

  @Test
  void enableOnTheLiveSystemReloadsSystemd() {
    assertEquals(0, run.run("boot", "enable"), run.err);
    assertEquals(List.of(List.of("systemctl", "daemon-reload")), run.processes.calls("systemctl"));
    assertTrue(Files.exists(run.files.resolve("etc/systemd/system/safeup-snapshot.target")));
  }

  @Test
  void aSnapshotBootTakesASetTaggedAsTakenAtBoot() {
    assertEquals(0, run.run("boot", "snapshot"), run.err);
    List<List<String>> created = run.processes.calls("lvcreate");
    assertEquals(1, created.size());
    assertTrue(created.get(0).contains("safeup-reason:boot"), created.toString());
    assertTrue(run.processes.calls("pacman").isEmpty());
    assertEquals(0, run.run("status"));
    assertTrue(run.out.contains("before:  a snapshot boot (taken at boot)"), run.out);
  }

  @Test
  void aSnapshotBootWhileASetIsPendingTakesNone() {
    run.run("boot", "snapshot");
    assertEquals(0, run.run("boot", "snapshot"), run.err);
    assertTrue(run.out.contains("is still pending (pending), so this boot takes no set"), run.out);
    assertEquals(1, run.processes.calls("lvcreate").size());
  }

  @Test
  void theRollbackEntryRollsTheNewestSetBackAndReboots() {
    run.run("boot", "snapshot");
    assertEquals(0, run.run("boot", "rollback"), run.err);
    assertEquals(1, run.processes.calls("lvconvert").size());
    assertEquals(List.of(List.of("systemctl", "reboot")), run.processes.calls("systemctl"));
  }

  @Test
  void theRollbackEntryWithNothingPendingStartsTheUsualSystem() {
    assertEquals(0, run.run("boot", "rollback"), run.err);
    assertTrue(run.out.contains("Nothing to roll back"), run.out);
    assertEquals(
        List.of(List.of("systemctl", "--no-block", "isolate", "default.target")),
        run.processes.calls("systemctl"));
  }

  @Test
  void enableWritesThroughNoLinkAnotherUserCouldPlant() throws IOException {
    Path elsewhere = dir.resolve("elsewhere");
    Files.createDirectories(elsewhere.resolve("systemd/system"));
    Path planted = dir.resolve("planted");
    Files.createDirectories(planted);
    Files.createSymbolicLink(planted.resolve("etc"), elsewhere);
    assertEquals(3, run.run("boot", "enable", "--root", planted.toString()));
    assertTrue(run.err.contains(planted.resolve("etc") + " is a symbolic link"), run.err);
    try (var written = Files.list(elsewhere.resolve("systemd/system"))) {
      assertEquals(0, written.count(), "nothing was written where the link points");
    }
  }
}
