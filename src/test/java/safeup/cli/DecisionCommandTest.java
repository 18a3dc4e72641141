package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.testing.CommandRun;
import safeup.testing.LvmSimulator;

class DecisionCommandTest {
  private static final String ID = "20261127-101500";

  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
    List<String> tags =
        List.of(
            "safeup",
            "safeup-set:" + ID,
            "safeup-members:2",
            "safeup-host:" + CommandRun.MACHINE_ID,
            "safeup-log.0:"
                + java.util.Base64.getEncoder().encodeToString(run.log.toString().getBytes()));
    run.lvm
        .snapshot("vg0", "root-safeup-" + ID, "root", tags)
        .snapshot("vg0", "home-safeup-" + ID, "home", tags)
        .snapshot("vg0", "backup", "root", List.of()) // someone else's snapshot
        .snapshot("vg0", "tagged-by-hand", "root", List.of("safeup")); // no set: not ours
    run.appendLog(
        "[2026-11-27T09:00:00+0000] [ALPM] upgraded old (1 -> 2)",
        "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)");
  }

  @Test
  void theCompletionsListOfSetIdsFollowsStatusKeepAndNotADryRunOrHelp() throws IOException {
    Path ids = run.files.resolve("run/safeup/set-ids");
    assertEquals(0, run.run("keep", "--help"), run.err);
    assertFalse(java.nio.file.Files.exists(ids), "help lists nothing");
    int lvsBefore = run.processes.calls("lvs").size();
    assertEquals(0, run.run("status"), run.err);
    assertEquals(List.of(ID), java.nio.file.Files.readAllLines(ids), "this machine's set only");
    assertEquals(
        lvsBefore + 1,
        run.processes.calls("lvs").size(),
        "status changed nothing: its own listing makes the list");
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(ids)),
        "readable by the user whose shell completes 'sudo safeup keep'");
    assertEquals(0, run.run("--dry-run", "keep"), run.err);
    assertEquals(List.of(ID), java.nio.file.Files.readAllLines(ids), "a dry run changes nothing");
    int lvsBeforeKeep = run.processes.calls("lvs").size();
    assertEquals(0, run.run("keep"), run.err);
    assertEquals(List.of(), java.nio.file.Files.readAllLines(ids), "the kept set is gone");
    assertEquals(
        lvsBeforeKeep + 1,
        run.processes.calls("lvs").size(),
        "keep only removed: its listing less what it removed makes the list");
    assertEquals(6, run.run("keep"), "nothing to keep");
    run.processes.answer(List.of("lvs"), 5, "", "  Volume group lock failed");
    assertEquals(3, run.run("status"), run.err);
    assertTrue(run.err.contains("Volume group lock failed"), run.err);
    assertFalse(java.nio.file.Files.exists(ids), "a list that cannot be made is no list");
  }

  @Test
  void keepRemovesOnlyTheSetsSnapshots() {
    assertEquals(0, run.run("keep"), run.err);
    assertEquals(
        List.of("vg0/root", "vg0/home", "vg0/backup", "vg0/tagged-by-hand"), run.lvm.names());
    assertEquals(2, run.processes.calls("lvremove").size());
  }

  @Test
  void aSnapshotHeldOpenForAMomentIsRemovedOnTheNextTry() {
    run.lvm.busyFor(1); // udev probing it, say
    assertEquals(0, run.run("keep"), run.err);
    assertTrue(run.out.contains("in use; trying again in a second"), run.out);
    assertEquals(
        List.of("vg0/root", "vg0/home", "vg0/backup", "vg0/tagged-by-hand"), run.lvm.names());
  }

  @Test
  void aSnapshotThatStaysInUseIsTriedThreeTimesAndTheSetStaysNamed() {
    run.lvm.busyFor(100);
    assertEquals(8, run.run("keep"));
    assertEquals(3, run.processes.calls("lvremove").size(), "bounded: three tries");
    assertTrue(run.err.contains("in use. (tried 3 times; 'fuser -vm /dev/vg0/"), run.err);
    assertTrue(run.err.contains("run 'safeup keep' again"), run.err);
    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("Snapshot set " + ID + " (pending)"), run.out);
  }

  @Test
  void rollbackWithYesMergesOnlyTheSetAndReboots() {
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertEquals(
        List.of(
            List.of("lvconvert", "--merge", "--yes", "vg0/root-safeup-" + ID),
            List.of("lvconvert", "--merge", "--yes", "vg0/home-safeup-" + ID)),
        run.processes.calls("lvconvert"));
    assertEquals(List.of(List.of("systemctl", "reboot")), run.processes.calls("systemctl"));
    assertTrue(run.out.contains("upgraded hello (1.0-1 -> 1.1-1)"), run.out);
    assertFalse(run.out.contains("upgraded old"), run.out);
  }

  @Test
  void rollbackWithNoRebootSchedulesOnly() {
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertEquals(2, run.processes.calls("lvconvert").size());
    assertTrue(run.processes.calls("systemctl").isEmpty());
    assertTrue(run.out.contains("Reboot now"), run.out);
  }

  @Test
  void rollbackWithoutTerminalOrYesIsRefused() {
    assertEquals(3, run.run("rollback"));
    assertTrue(run.err.contains("--yes"), run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
  }

  @Test
  void rollbackAsksAndNoChangesNothing() {
    run.terminal = true;
    run.answers.add("n");
    assertEquals(0, run.run("rollback"));
    assertTrue(run.processes.calls("lvconvert").isEmpty());
  }

  @Test
  void rollbackRefusesAnInvalidSnapshot() {
    run.lvm.invalidate("vg0", "home-safeup-" + ID);
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(
        run.err.contains(
            "vg0/home-safeup-" + ID + " is invalid (it overflowed, or its disk failed)"),
        run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
  }

  @Test
  void statusOffersOnlyKeepForAnOverflowedSet() {
    run.lvm.invalidate("vg0", "home-safeup-" + ID);
    assertEquals(0, run.run("status"));
    assertTrue(
        run.out.contains("next:    safeup keep " + ID + "  (it can no longer be rolled back)"),
        run.out);
    assertFalse(run.out.contains("safeup rollback"), run.out);
    assertEquals(List.of("sync"), run.processes.calls("sync").get(0), "read after a flush");
  }

  @Test
  void rollbackRefusesASnapshotInUseBeforeMergingAnything() {
    run.lvm.find("vg0/home-safeup-" + ID).put("lv_attr", "swi-aos---");
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(
        run.err.contains("vg0/home-safeup-" + ID + " is in use (mounted, or held by a program)"),
        run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertTrue(run.processes.calls("lvchange").isEmpty(), "not even tagged");
  }

  @Test
  void rollbackRefusesAnIncompleteSet() {
    run.lvm.find("vg0/home-safeup-" + ID).put("lv_tags", List.of());
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(run.err.contains("incomplete (1 of 2"), run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
  }

  @Test
  void keepAfterRollbackIsRefusedBecauseTheMergeCannotBeCancelled() {
    run.run("rollback", "--yes", "--no-reboot");
    assertEquals(3, run.run("keep"));
    assertTrue(run.err.contains("reboot to complete the rollback"), run.err);
    assertTrue(run.processes.calls("lvremove").isEmpty());
  }

  @Test
  void rollbackOfASetAlreadyMergingIsRefused() {
    run.run("rollback", "--yes", "--no-reboot");
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(run.err.contains("already merging"), run.err);
    assertTrue(run.processes.calls("systemctl").isEmpty());
  }

  @Test
  void anInterruptedRollbackIsFinished() {
    run.run("rollback", "--yes", "--no-reboot");
    run.lvm.find("vg0/home-safeup-" + ID).put("lv_merging", 0);
    run.lvm.find("vg0/home-safeup-" + ID).put("lv_attr", "swi-a-s---");
    run.lvm.find("vg0/home").put("lv_merging", 0);
    run.lvm.find("vg0/home").put("lv_attr", "owi-aos---");
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertEquals(3, run.processes.calls("lvconvert").size());
    assertTrue(
        run.out.contains("vg0/root-safeup-" + ID + " is already scheduled to merge"), run.out);
  }

  @Test
  void keepWorksEvenWithABrokenConfigFile() throws IOException {
    Path config = dir.resolve("broken.conf");
    java.nio.file.Files.writeString(config, "[options]\nSnapshotSize = lots\n");
    assertEquals(0, run.run("-c", config.toString(), "keep"), run.err);
  }

  @Test
  void rollbackWithABrokenConfigFileWarnsAndUsesTheDefaultReboot() throws IOException {
    Path config = dir.resolve("broken.conf");
    java.nio.file.Files.writeString(config, "[options]\nSnapshotSize = lots\n");
    assertEquals(0, run.run("-c", config.toString(), "rollback", "--yes"), run.err);
    assertTrue(run.err.contains("broken.conf:2: SnapshotSize"), run.err);
    assertEquals(List.of(List.of("systemctl", "reboot")), run.processes.calls("systemctl"));
  }

  @Test
  void missingConfigGivenWithDashCIsAnError() {
    assertEquals(2, run.run("-c", dir.resolve("nope.conf").toString(), "pacman", "-Syu"));
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.err.contains("nope.conf: no such file"), run.err);
  }

  @Test
  void aRollbackInterruptedAndRebootedIsFinishedNeverKept() {
    run.lvm.failMerging("home-");
    assertEquals(8, run.run("rollback", "--yes"));
    assertTrue(run.err.contains("run 'safeup rollback' again"), run.err);
    assertTrue(run.processes.calls("systemctl").isEmpty(), "no reboot after a failure");
    run.lvm.reboot(); // root's merge completes; its snapshot is gone
    assertEquals(
        List.of(
            "vg0/root", "vg0/home", "vg0/home-safeup-" + ID, "vg0/backup", "vg0/tagged-by-hand"),
        run.lvm.names());

    assertEquals(0, run.run("status", "--json"));
    assertTrue(run.out.contains("\"rollback-interrupted\""), run.out);
    assertEquals(3, run.run("keep"));
    assertTrue(run.err.contains("Run 'safeup rollback' to finish it"), run.err);
    assertEquals(4, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("rollback interrupted"), run.err);

    run.lvm.failMerging("nothing");
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertEquals(
        List.of("lvconvert", "--merge", "--yes", "vg0/home-safeup-" + ID),
        run.processes.calls("lvconvert").get(run.processes.calls("lvconvert").size() - 1));
    run.lvm.reboot();
    assertEquals(
        List.of("vg0/root", "vg0/home", "vg0/backup", "vg0/tagged-by-hand"), run.lvm.names());
  }

  @Test
  void setsOfAnotherSystemSharingTheVolumeGroupAreLeftAlone() {
    run.run("keep");
    run.lvm.snapshot(
        "vg0",
        "root-safeup-20261101-000000",
        "root",
        List.of(
            "safeup",
            "safeup-set:20261101-000000",
            "safeup-members:1",
            "safeup-host:" + "f".repeat(32)));
    assertEquals(6, run.run("keep"));
    assertEquals(0, run.run("status"));
    assertTrue(run.out.contains("No snapshot sets"), run.out);
    run.pacmanLogs(0);
    assertEquals(0, run.run("pacman", "-Syu"), run.err);
    assertTrue(run.lvm.names().contains("vg0/root-safeup-20261101-000000"));
  }

  @Test
  void withoutAMachineIdNoSetIsAdoptedAndNothingIsDone() {
    run.machineId = "";
    assertEquals(3, run.run("keep"));
    assertTrue(run.err.contains("/etc/machine-id is missing, empty or invalid"), run.err);
    assertEquals(3, run.run("rollback", "--yes"));
    assertEquals(3, run.run("status"));
    run.pacmanLogs(0);
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("systemd-machine-id-setup"), run.err);
    assertTrue(run.processes.calls("lvremove").isEmpty());
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void aSetWithoutAHostTagIsNotAdopted() {
    run.run("keep");
    run.lvm.snapshot(
        "vg0",
        "root-safeup-20261101-000000",
        "root",
        List.of("safeup", "safeup-set:20261101-000000", "safeup-members:1"));
    assertEquals(6, run.run("keep"));
    assertEquals(6, run.run("rollback", "--yes"));
    assertTrue(run.lvm.names().contains("vg0/root-safeup-20261101-000000"));
  }

  @Test
  void keepWithoutAnySetSaysSo() {
    run.run("keep");
    assertEquals(6, run.run("keep"));
    assertTrue(run.err.contains("no pending snapshot set"), run.err);
  }

  @Test
  void dryRunKeepPrintsAndRemovesNothing() {
    assertEquals(0, run.run("--dry-run", "keep"));
    assertTrue(run.out.contains("would run: lvremove --yes vg0/root-safeup-" + ID), run.out);
    assertTrue(run.out.contains("Dry run, nothing done; otherwise: Update kept"), run.out);
    assertTrue(run.processes.calls("lvremove").isEmpty());
  }

  @Test
  void statusJsonDescribesTheSet() throws IOException {
    run.run("rollback", "--yes", "--no-reboot");
    assertEquals(0, run.run("status", "--json"), run.err);
    List<Object> sets = JSON.std.listFrom(run.out);
    assertEquals(1, sets.size());
    Map<?, ?> set = (Map<?, ?>) sets.get(0);
    assertEquals(ID, set.get("id"));
    assertEquals("merge-scheduled", set.get("state"));
    assertEquals("2026-11-27T10:00:00Z", set.get("created"));
    List<?> volumes = (List<?>) set.get("volumes");
    assertEquals("vg0/root", ((Map<?, ?>) volumes.get(0)).get("origin"));
    assertEquals("thick", ((Map<?, ?>) volumes.get(0)).get("type"));
    assertEquals(
        100 * LvmSimulator.MIB,
        ((Number) ((Map<?, ?>) volumes.get(0)).get("size_bytes")).longValue());
    List<?> packages = (List<?>) set.get("packages");
    assertEquals(1, packages.size());
    assertEquals("hello", ((Map<?, ?>) packages.get(0)).get("name"));
    assertNull(set.get("command"));
    assertTrue(set.containsKey("command"), "a null field is written, not left out: " + run.out);
    assertTrue(((Map<?, ?>) set.get("trials")).containsKey("each"), run.out);
  }

  @Test
  void statusTextWithoutSets() {
    run.run("keep");
    assertEquals(0, run.run("status"));
    assertTrue(run.out.contains("No snapshot sets"), run.out);
  }

  /** Root scheduled to merge, then the rollback stopped: home overflowed before it was merged. */
  private void halfMergedWithAnOverflowedMember() {
    for (String name : List.of("root-safeup-" + ID, "home-safeup-" + ID)) {
      List<String> tags = new java.util.ArrayList<>(lvTags(name));
      tags.add("safeup-rollback");
      run.lvm.find("vg0/" + name).put("lv_tags", tags);
    }
    run.lvm.find("vg0/root-safeup-" + ID).put("lv_attr", "Swi-a-s---");
    run.lvm.find("vg0/root-safeup-" + ID).put("lv_merging", 1);
    run.lvm.invalidate("vg0", "home-safeup-" + ID);
  }

  @SuppressWarnings("unchecked")
  private List<String> lvTags(String name) {
    return (List<String>) run.lvm.find("vg0/" + name).get("lv_tags");
  }

  @Test
  void statusSaysWhereEachMemberOfAHalfMergedSetIs() {
    halfMergedWithAnOverflowedMember();
    assertEquals(0, run.run("status"), run.err);
    assertTrue(run.out.contains("rollback interrupted"), run.out);
    assertTrue(
        run.out.contains("vg0/root-safeup-" + ID + " of vg0/root: merge scheduled"), run.out);
    assertTrue(run.out.contains("vg0/home-safeup-" + ID + " of vg0/home: INVALID"), run.out);
  }

  @Test
  void aHalfMergedSetWithAnOverflowedMemberIsFinishedWithoutIt() {
    halfMergedWithAnOverflowedMember();
    assertEquals(3, run.run("keep"), "keeping would leave the root rolled back alone");
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertEquals(
        List.of(List.of("lvremove", "--yes", "vg0/home-safeup-" + ID)),
        run.processes.calls("lvremove"));
    assertTrue(run.processes.calls("lvconvert").isEmpty(), "the root is already merging");
    assertTrue(
        run.err.contains(
            "vg0/home-safeup-"
                + ID
                + " overflowed, so it cannot be merged: removed. vg0/home stays as the update"
                + " left it"),
        run.err);
    assertTrue(run.err.contains("pacman -Qkk"), run.err);

    run.lvm.reboot();
    assertEquals(0, run.run("status"));
    assertTrue(run.out.contains("No snapshot sets"), run.out);
  }

  @Test
  void aHalfMergedSetWhoseMergedMemberIsGoneIsFinishedWithoutAReboot() {
    halfMergedWithAnOverflowedMember();
    run.lvm.reboot(); // the root's merge completed; home is left, overflowed
    assertEquals(0, run.run("status"));
    assertTrue(
        run.out.contains("1 of the 2 snapshots is gone: merged by the rollback already"), run.out);
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertTrue(run.out.contains("nothing is left to merge"), run.out);
    assertTrue(run.processes.calls("systemctl").isEmpty(), "nothing waits for a reboot");
    assertEquals(
        List.of("vg0/root", "vg0/home", "vg0/backup", "vg0/tagged-by-hand"), run.lvm.names());
  }

  @Test
  void aRollbackIsRefusedWhileAnOriginMergesAnotherSnapshot() {
    run.lvm.find("vg0/backup").put("lv_attr", "Swi-a-s---");
    run.lvm.find("vg0/backup").put("lv_merging", 1);
    run.lvm.find("vg0/root").put("lv_attr", "Owi-ao----");
    run.lvm.find("vg0/root").put("lv_merging", 1);
    assertEquals(7, run.run("rollback", "--yes"));
    assertTrue(
        run.err.contains("vg0/root already has a merge of another snapshot scheduled"), run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertTrue(run.processes.calls("lvchange").isEmpty(), "not even tagged");
  }

  @Test
  void keepRefusesASetThatIsMountedAndRemovesNothing() {
    run.lvm.find("vg0/home-safeup-" + ID).put("lv_attr", "swi-aos---");
    assertEquals(3, run.run("keep"));
    assertTrue(run.err.contains("vg0/home-safeup-" + ID + " is in use"), run.err);
    assertTrue(run.err.contains("safeup umount DIR"), run.err);
    assertTrue(run.processes.calls("lvremove").isEmpty());
  }

  @Test
  void keepAndRollbackWaitForPacmansLockThenRefuseAndChangeNothing() throws IOException {
    Path config = dir.resolve("safeup.conf");
    java.nio.file.Files.writeString(config, "[options]\nPacmanLockWait = 0\n");
    Path lock = run.root.resolve("var/lib/pacman/db.lck");
    java.nio.file.Files.createFile(lock);
    assertEquals(3, run.run("-c", config.toString(), "keep"));
    assertTrue(run.err.contains("pacman's database is locked (" + lock + ")"), run.err);
    assertTrue(run.err.contains("nothing was removed"), run.err);
    assertEquals(3, run.run("-c", config.toString(), "rollback", "--yes"));
    assertTrue(run.err.contains("nothing was merged"), run.err);
    assertEquals(List.of(), run.processes.calls("lvremove"));
    assertEquals(List.of(), run.processes.calls("lvchange"));
    assertEquals(List.of(), run.processes.calls("lvconvert"));
    assertEquals(List.of(), run.processes.calls("systemctl"));

    java.nio.file.Files.delete(lock);
    assertEquals(0, run.run("-c", config.toString(), "keep"), run.err);
  }

  @Test
  void aLockNoProcessHoldsIsNamedAndKeepAndRollbackGoOnAtOnce() throws IOException {
    Path config = dir.resolve("safeup.conf");
    java.nio.file.Files.writeString(config, "[options]\nPacmanLockWait = 60\n");
    Path lock = run.root.resolve("var/lib/pacman/db.lck");
    java.nio.file.Files.createFile(lock);
    run.lockHeldOpen = false; // a pacman killed in the middle of its transaction left it

    assertEquals(0, run.run("-c", config.toString(), "rollback", "--yes", "--no-reboot"), run.err);
    assertTrue(run.err.contains("pacman's lock " + lock + " is stale"), run.err);
    assertTrue(run.err.contains("the rollback goes on"), run.err);
    assertFalse(run.out.contains("Waiting up to"), "no wait for a lock nobody holds:\n" + run.out);
    assertEquals(2, run.processes.calls("lvconvert").size());
  }
}
