package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.read;
import static safeup.testing.TestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.testing.CommandRun;

/**
 * Trial boots, as the two boot-time services run them: {@code boot trial} early in each boot,
 * {@code boot trial-check} once the system is up. Proven over real boots in SystemGuestTrialTest.
 */
class TrialBootCommandTest {
  private static final String ID = "20261127-101500";
  private static final String SNAPSHOT = "vg0/root-safeup-" + ID;
  private static final List<String> APP_CHECK =
      List.of("timeout", "-k", "10", "120", "/etc/safeup/checks.d/required/app-works");

  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() throws IOException {
    run = new CommandRun(dir);
    check("required/app-works");
    run.pacmanLogs(0, "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)");
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
  }

  private void check(String name) throws IOException {
    Path file = run.files.resolve("etc/safeup/checks.d").resolve(name);
    write(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private List<String> trialTags() {
    return run.lvm.tags(SNAPSHOT).stream().filter(t -> t.startsWith("safeup-trial.")).toList();
  }

  private String status() {
    assertEquals(0, run.run("status"), run.err);
    return run.out;
  }

  @Test
  void aRequiredCheckFailingTwiceRollsTheSetBackAtTheNextBoot() {
    run.processes.answer(APP_CHECK, 1, "", "hello 1.1 cannot start");
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertTrue(run.out.contains("Trial boot 1 of snapshot set " + ID), run.out);
    assertEquals(List.of("safeup-trial.1:started"), trialTags());
    assertTrue(
        read(motd()).startsWith("safeup: the update made by 'pacman -Syu' (snapshot set " + ID),
        read(motd()));
    assertTrue(read(motd()).endsWith("Keep it: safeup keep   Undo it: safeup rollback\n"));
    assertEquals(0, run.run("boot", "trial-check"), run.err);
    assertTrue(run.err.contains("required/app-works failed (exit 1): hello 1.1 cannot"), run.err);
    assertTrue(run.err.contains("1 of 2 failed trials"), run.err);
    assertTrue(
        status()
            .contains(
                "trials:  1 of 1 failed; last: required/app-works failed (exit 1):"
                    + " hello 1.1 cannot start"),
        run.out);

    assertEquals(0, run.run("boot", "trial"), run.err);
    assertEquals(0, run.run("boot", "trial-check"), run.err);
    assertTrue(run.err.contains("2 of 2 failed trials): the next boot rolls it back"), run.err);
    assertEquals(List.of(), run.processes.calls("lvconvert"), "still the user's decision");

    assertEquals(0, run.run("boot", "trial"), run.err);
    assertTrue(run.out.contains("failed 2 trial boots (TrialBoots = 2): rolling it back"), run.out);
    assertEquals(
        List.of(List.of("lvconvert", "--merge", "--yes", SNAPSHOT)),
        run.processes.calls("lvconvert"));
    assertEquals(
        List.of(List.of("systemctl", "reboot")),
        run.processes.calls("systemctl").stream().filter(c -> c.contains("reboot")).toList());

    assertTrue(!Files.exists(motd()), "no set is pending once the rollback is scheduled");

    run.lvm.reboot();
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertTrue(run.out.contains("No snapshot set is pending"), run.out);
    assertEquals(
        "safeup: snapshot set "
            + ID
            + " (before 'pacman -Syu') was rolled back (merge scheduled 2026-11-27T10:15:00Z): after"
            + " 2 failed trial boots; last: required/app-works failed (exit 1):"
            + " hello 1.1 cannot start. 'journalctl -t safeup' has the details.\n",
        read(motd()),
        "the first login after it says what went back, when and why");
  }

  private Path motd() {
    return run.files.resolve("run/motd.d/safeup");
  }

  @Test
  void aGoodUpdateStaysPendingThroughGoodTrialsAndAWantedCheckIsOnlyReported() throws IOException {
    check("wanted/disk-space");
    run.processes.answer(
        List.of("timeout", "-k", "10", "120", "/etc/safeup/checks.d/wanted/disk-space"),
        1,
        "",
        "82% full");
    for (int boot = 1; boot <= 3; boot++) {
      assertEquals(0, run.run("boot", "trial"), run.err);
      assertEquals(0, run.run("boot", "trial-check"), run.err);
      assertTrue(run.out.contains("Trial boot " + boot + " of snapshot set " + ID + " is good"));
      assertTrue(run.err.contains("wanted/disk-space failed (exit 1): 82% full"));
    }
    assertTrue(status().contains("trials:  3 boots, all good"), run.out);
    assertTrue(run.out.contains("(pending)"), run.out);
    assertEquals(List.of(), run.processes.calls("lvconvert"));
    assertEquals(0, run.run("status", "--json"), run.err);
    assertTrue(
        run.out.contains("\"trials\" : {\n    \"boots\" : 3,\n    \"failed\" : 0,"), run.out);
    assertTrue(run.out.contains("\"verdict\" : \"good\""), run.out);
  }

  @Test
  void aBootThatNeverReachedItsVerdictFailedAndBootCompleteMustBeReached() {
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertEquals(0, run.run("boot", "trial"), run.err); // the first boot hung or lost power
    assertTrue(run.err.contains("trial boot 1 of snapshot set " + ID + " did not complete"));
    assertTrue(status().contains("1 of 2 failed, this one being tried; last: boot 1 did not"));

    run.processes.answer(
        List.of("systemctl", "is-active", "boot-complete.target"), 3, "failed\n", "");
    assertEquals(0, run.run("boot", "trial-check"), run.err);
    assertTrue(run.err.contains("boot-complete.target was not reached (failed)"), run.err);
    assertEquals(List.of(), run.processes.calls("lvconvert"));
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertEquals(1, run.processes.calls("lvconvert").size(), "two failed: rolled back");
  }

  @Test
  void aBootShutDownWhileItsChecksRanIsInterruptedNotFailed() {
    assertEquals(0, run.run("boot", "trial"), run.err);
    run.processes.on(
        APP_CHECK,
        argv -> {
          assertEquals(List.of("safeup-trial.1:checking"), trialTags(), "the boot completed");
          throw new IllegalStateException("the machine shuts down");
        });
    run.run("boot", "trial-check");
    run.processes.answer(APP_CHECK, 0, "", "");
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertTrue(run.out.contains("was shut down while its checks ran: not counted"), run.out);
    assertTrue(run.out.contains("(0 failed so far;"), run.out);
    assertEquals(0, run.run("boot", "trial-check"), run.err);
    assertTrue(status().contains("trials:  2 boots, 1 good, 1 shut down during its checks"));
  }

  @Test
  void offTriesNoBootAndABootWithNothingPendingIsNoTrial() throws IOException {
    Path config = Files.writeString(dir.resolve("safeup.conf"), "[options]\nTrialBoots = off\n");
    assertEquals(0, run.run("-c", config.toString(), "boot", "trial"), run.err);
    assertTrue(run.out.contains("Trial boots are off"), run.out);
    assertEquals(0, run.run("-c", config.toString(), "boot", "trial-check"), run.err);
    assertEquals(List.of(), trialTags());
    assertEquals(List.of(), run.processes.calls("timeout"), "no check runs");

    assertEquals(0, run.run("keep"), run.err);
    assertEquals(0, run.run("boot", "trial"), run.err);
    assertTrue(run.out.contains("No snapshot set is pending: this boot is no trial."), run.out);
    assertEquals(0, run.run("boot", "trial-check"), run.err);
    assertTrue(run.out.contains("This boot is no trial"), run.out);
  }
}
