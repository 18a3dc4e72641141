package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.read;
import static safeup.testing.TestFiles.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.process.ProcessResult;
import safeup.testing.CommandRun;

/**
 * safeup_pending in GRUB's environment block: set while a set is pending, unset when it is kept,
 * rolled back or removed, only when a grubenv exists, and never a reason for safeup to fail.
 */
class BootMenuCommandTest {
  private static final String ID = "20261127-101500";
  private static final String GRUBENV = "/boot/grub/grubenv";
  private static final List<String> SET =
      List.of("grub-editenv", GRUBENV, "set", "safeup_pending=" + ID, "safeup_tries_left=2");
  private static final List<String> UNSET =
      List.of("grub-editenv", GRUBENV, "unset", "safeup_pending", "safeup_tries_left");
  private static final List<String> PUT_BACK =
      List.of(
          "grub-editenv",
          GRUBENV,
          "set",
          "safeup_put_back=/var/lib/safeup/boot/" + ID + "/files/boot");
  private static final List<String> PUT_BACK_DONE =
      List.of("grub-editenv", GRUBENV, "unset", "safeup_put_back");

  @TempDir Path dir;
  CommandRun run;
  Path grubenv;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    grubenv = run.files.resolve("boot/grub/grubenv");
    // grub-editenv as it behaves: the variables, one per line, in a block of 1024 bytes
    run.processes.on(List.of("grub-editenv"), this::editEnvironment);
  }

  private ProcessResult editEnvironment(List<String> argv) {
    List<String> lines = new ArrayList<>(variables());
    for (String word : argv.subList(3, argv.size())) {
      String name = word.split("=", 2)[0];
      lines.removeIf(line -> line.startsWith(name + "="));
      if (argv.get(2).equals("set")) {
        lines.add(word);
      }
    }
    writeEnvironment(lines);
    return new ProcessResult(argv, 0, "", "");
  }

  private void writeEnvironment(List<String> lines) {
    StringBuilder block = new StringBuilder("# GRUB Environment Block\n");
    lines.forEach(line -> block.append(line).append('\n'));
    block.append("#".repeat(1024 - block.length()));
    try {
      Files.createDirectories(grubenv.getParent());
      Files.writeString(grubenv, block, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> variables() {
    try {
      return Files.readAllLines(grubenv, StandardCharsets.ISO_8859_1).stream()
          .filter(line -> !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void update() {
    run.pacmanLogs(0, "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)");
  }

  @Test
  void aSetLeftPendingIsMarkedAndKeepingItClearsTheMark() {
    writeEnvironment(List.of("saved_entry=gnulinux-simple"));
    update();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(List.of(SET), run.processes.calls("grub-editenv"));
    assertEquals(
        List.of("saved_entry=gnulinux-simple", "safeup_pending=" + ID, "safeup_tries_left=2"),
        variables());

    assertEquals(0, run.run("keep"), run.err);
    assertEquals(List.of(SET, UNSET), run.processes.calls("grub-editenv"));
    assertTrue(
        run.processes.indexOf("lvremove") < run.processes.calls().lastIndexOf(UNSET),
        "unset once the set is gone: " + run.processes.calls());
    assertEquals(List.of("saved_entry=gnulinux-simple"), variables());
  }

  @Test
  void whileARollbackPutsBootBackTheMenuBootsTheSavedKernelAndAfterwardsNothingIsMarked() {
    writeEnvironment(List.of("saved_entry=gnulinux-simple"));
    write(run.files.resolve("boot/vmlinuz-linux"), "kernel 6.1");
    run.pacmanDoes(
        0,
        () -> write(run.files.resolve("boot/vmlinuz-linux"), "kernel 6.2"),
        "[2026-11-27T10:15:05+0000] [ALPM] upgraded linux (6.1-1 -> 6.2-1)");
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertTrue(run.out.contains("Saving /boot to"), run.out);
    run.processes.on(
        PUT_BACK,
        argv -> {
          assertEquals("kernel 6.2", read(run.files.resolve("boot/vmlinuz-linux")), "not yet back");
          return editEnvironment(argv);
        });

    assertEquals(0, run.run("rollback", "--yes"), run.err);
    List<List<String>> calls = run.processes.calls();
    assertTrue(
        run.processes.indexOf("lvconvert") < calls.indexOf(PUT_BACK),
        "set once the root's merge is scheduled: " + calls);
    assertEquals(List.of("sync"), calls.get(calls.indexOf(PUT_BACK) + 1), "flushed for GRUB");
    assertEquals(List.of(SET, PUT_BACK, PUT_BACK_DONE, UNSET), run.processes.calls("grub-editenv"));
    assertEquals("kernel 6.1", read(run.files.resolve("boot/vmlinuz-linux")));
    assertEquals(
        List.of("saved_entry=gnulinux-simple"),
        variables(),
        "GRUB's environment block is never put back: it holds GRUB's own state");
  }

  @Test
  void theRootMergesFirstAndTheMenuIsFlaggedBeforeAnyOtherMerge() throws IOException {
    writeEnvironment(List.of());
    Path config =
        Files.writeString(dir.resolve("safeup.conf"), "[options]\nVolumes = vg0/home vg0/root\n");
    run.pacmanDoes(
        0,
        () -> write(run.files.resolve("boot/vmlinuz-linux"), "kernel 6.2"),
        "[2026-11-27T10:15:05+0000] [ALPM] upgraded linux (6.1-1 -> 6.2-1)");
    assertEquals(0, run.run("-c", config.toString(), "--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(0, run.run("-c", config.toString(), "rollback", "--yes"), run.err);
    List<List<String>> calls = run.processes.calls();
    List<String> rootMerge = List.of("lvconvert", "--merge", "--yes", "vg0/root-safeup-" + ID);
    List<String> homeMerge = List.of("lvconvert", "--merge", "--yes", "vg0/home-safeup-" + ID);
    assertEquals(calls.indexOf(rootMerge) + 1, calls.indexOf(PUT_BACK), calls.toString());
    assertTrue(calls.indexOf(PUT_BACK) < calls.indexOf(homeMerge), calls.toString());
  }

  @Test
  void aRollbackCutOffBeforeBootIsBackLeavesTheMenuBootingTheSavedKernelUntilItIsFinished() {
    writeEnvironment(List.of());
    write(run.files.resolve("boot/vmlinuz-linux"), "kernel 6.1");
    run.pacmanDoes(
        0,
        () -> write(run.files.resolve("boot/vmlinuz-linux"), "kernel 6.2"),
        "[2026-11-27T10:15:05+0000] [ALPM] upgraded linux (6.1-1 -> 6.2-1)");
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    run.processes.on(
        PUT_BACK,
        argv -> {
          editEnvironment(argv);
          throw new IllegalStateException("the power fails");
        });
    run.run("rollback", "--yes");
    run.lvm.reboot(); // the boot merged the root
    assertEquals(
        List.of("safeup_pending=" + ID, "safeup_tries_left=2", PUT_BACK.get(3)),
        variables(),
        "the menu boots the saved kernel: " + run.processes.calls("grub-editenv"));

    run.processes.on(PUT_BACK, this::editEnvironment);
    assertEquals(0, run.run("boot", "rollback"), run.err); // what that entry starts
    assertTrue(run.out.contains("Finishing the rollback of snapshot set " + ID), run.out);
    assertEquals("kernel 6.1", read(run.files.resolve("boot/vmlinuz-linux")));
    assertEquals(List.of(), variables(), "neither the put back nor the set is marked");
  }

  @Test
  void aRollbackBootWithNothingToFinishClearsAFlagLeftOver() {
    writeEnvironment(List.of("safeup_put_back=/var/lib/safeup/boot/20261101-080000/files/boot"));
    assertEquals(0, run.run("boot", "rollback"), run.err);
    assertTrue(run.err.contains("its flag is cleared"), run.err);
    assertEquals(List.of(PUT_BACK_DONE), run.processes.calls("grub-editenv"));
    assertEquals(List.of(), variables());
  }

  @Test
  void aRollbackWithoutBootClearsTheMarkBeforeTheReboot() {
    writeEnvironment(List.of());
    run.pacmanDoes(
        0,
        () -> write(run.files.resolve("boot/vmlinuz-linux"), "kernel 6.2"),
        "[2026-11-27T10:15:05+0000] [ALPM] upgraded linux (6.1-1 -> 6.2-1)");
    run.run("--then", "later", "pacman", "-Syu");
    assertEquals(0, run.run("rollback", "--yes", "--without-boot"), run.err);
    assertEquals(List.of(SET, UNSET), run.processes.calls("grub-editenv"));
    int unset = run.processes.calls().lastIndexOf(UNSET);
    assertTrue(run.processes.indexOf("lvconvert") < unset, "after the merge was scheduled");
    assertTrue(unset < run.processes.indexOf("systemctl"), "before the reboot");
    assertEquals(List.of(), variables());
  }

  @Test
  void aSetIsMarkedBeforePacmanRunsAndUnmarkedWhenKeptOrRolledBackInTheSameRun() {
    writeEnvironment(List.of());
    update();
    assertEquals(0, run.run("--then", "keep", "pacman", "-Syu"), run.err);
    assertTrue(
        run.processes.calls().indexOf(SET) < run.processes.indexOf("pacman"),
        "a power cut while pacman runs leaves the menu's rollback entry: " + run.processes.calls());
    update();
    assertEquals(0, run.run("--then", "rollback", "pacman", "-Syu"), run.err);
    assertEquals(
        List.of(SET, UNSET, SET, PUT_BACK, PUT_BACK_DONE, UNSET),
        run.processes.calls("grub-editenv"));
    assertEquals(List.of(), variables());
  }

  @Test
  void aSetTakenAtBootOrCoveringAHookTransactionIsMarked() {
    writeEnvironment(List.of());
    assertEquals(0, run.run("boot", "snapshot"), run.err);
    assertEquals(List.of("safeup_pending=" + ID, "safeup_tries_left=2"), variables());
    writeEnvironment(List.of()); // the mark lost, say by another system's grub-editenv
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertTrue(run.out.contains("it covers this transaction too"), run.out);
    assertEquals(List.of("safeup_pending=" + ID, "safeup_tries_left=2"), variables());
    assertEquals(0, run.run("hook", "snapshot"), run.err);
    assertEquals(List.of(SET, SET), run.processes.calls("grub-editenv"), "marked once a set");
  }

  @Test
  void anUpdateThatChangedNothingClearsAStaleMark() {
    writeEnvironment(List.of("safeup_pending=20261101-080000"));
    run.pacmanLogs(0);
    assertEquals(0, run.run("pacman", "-Syu"), run.err);
    assertEquals(List.of(SET, UNSET), run.processes.calls("grub-editenv"));
    assertEquals(List.of(), variables());
  }

  @Test
  void withoutAGrubenvGrubEditenvNeverRuns() {
    update();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(0, run.run("keep"), run.err);
    assertEquals(List.of(), run.processes.calls("grub-editenv"));
    assertFalse(Files.exists(grubenv));
  }

  @Test
  void aFailingOrMissingGrubEditenvIsAWarningAndTheSetStaysPending() {
    writeEnvironment(List.of());
    run.processes.answer(List.of("grub-editenv"), 1, "", "grub-editenv: error: cannot rename");
    update();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertTrue(
        run.err.contains(
            "warning: 'grub-editenv /boot/grub/grubenv set safeup_pending="
                + ID
                + " safeup_tries_left=2' failed: grub-editenv: error: cannot rename; the boot menu will not offer to"
                + " roll back snapshot set "
                + ID),
        run.err);
    assertTrue(run.out.contains("stays pending"), run.out);

    writeEnvironment(List.of("safeup_pending=" + ID));
    run.processes.without("grub-editenv");
    assertEquals(0, run.run("keep"), run.err);
    assertTrue(
        run.err.contains(
            "warning: grub-editenv was not found (it comes with grub); the boot menu still offers"
                + " to roll back a snapshot set that is gone; run 'grub-editenv /boot/grub/grubenv"
                + " unset safeup_pending safeup_tries_left'"),
        run.err);
    assertTrue(run.out.contains("Update kept"), run.out);
  }

  @Test
  void aDryRunWritesNoGrubenv() {
    writeEnvironment(List.of());
    update();
    assertEquals(0, run.run("--dry-run", "--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(List.of(), run.processes.calls("grub-editenv"));
  }
}
