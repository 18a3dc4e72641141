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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import safeup.files.SystemFileGateway;
import safeup.testing.CommandRun;
import safeup.testing.LvmSimulator;

class UpdateCommandTest {
  private static final String UPGRADE =
      "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)";
  private static final String STARTED = "[2026-11-27T10:15:04+0000] [ALPM] transaction started";
  private static final String COMPLETED = "[2026-11-27T10:15:06+0000] [ALPM] transaction completed";
  private static final String SNAPSHOT = "vg0/root-safeup-20261127-101500";

  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
  }

  private boolean anySafeupLv() {
    return run.lvm.names().stream().anyMatch(n -> n.contains("-safeup-"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-S -- -x", "-h", "@f", "-- -Syu", "-Syu --color never", "--then keep", "-S -c"})
  void passesPacmanArgumentsVerbatim(String words) {
    List<String> arguments = List.of(words.split(" "));
    String[] args = new String[arguments.size() + 1];
    args[0] = "pacman";
    for (int i = 0; i < arguments.size(); i++) {
      args[i + 1] = arguments.get(i);
    }
    run.run(args);
    List<List<String>> pacman = run.processes.calls("pacman");
    assertEquals(1, pacman.size(), run.err);
    assertEquals(arguments, pacman.get(0).subList(1, pacman.get(0).size()));
  }

  @Test
  void argumentsPacmanRejectsGetPacmansOwnErrorWithoutASnapshot() {
    run.isRoot = false;
    run.pacmanLogs(1);
    assertEquals(1, run.run("pacman", "-Syu", "--root"));
    assertEquals(List.of(List.of("pacman", "-Syu", "--root")), run.processes.calls("pacman"));
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertEquals("", run.err, "pacman's error is the only one");
  }

  @Test
  void checksAndPrintedTransactionsRunWithoutSnapshotOrRoot() {
    run.isRoot = false;
    run.pacmanLogs(0);
    for (String args : List.of("-Dk", "-Qk", "-Sup", "-Rp hello", "-Up /tmp/x.pkg.tar.zst")) {
      assertEquals(0, run.run(("pacman " + args).split(" ")), args + ": " + run.err);
    }
    assertEquals(5, run.processes.calls("pacman").size());
    assertTrue(run.processes.calls("lvcreate").isEmpty());
  }

  @Test
  void queriesRunWithoutSnapshotOrRoot() {
    run.isRoot = false;
    run.pacmanLogs(0);
    assertEquals(0, run.run("pacman", "-Qi", "linux"));
    assertEquals(List.of(List.of("pacman", "-Qi", "linux")), run.processes.calls());
  }

  @Test
  void updateThenKeepRemovesTheSetAndReportsTheChanges() {
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    int code = run.run("--then", "keep", "pacman", "-Syu");
    assertEquals(0, code, run.err);
    List<String> lvcreate = run.processes.calls("lvcreate").get(0);
    assertEquals(
        List.of(
            "lvcreate",
            "--snapshot",
            "--name",
            "root-safeup-20261127-101500",
            "--extents",
            "20%ORIGIN"),
        lvcreate.subList(0, 6));
    assertTrue(
        lvcreate.containsAll(List.of("safeup", "safeup-set:20261127-101500", "safeup-members:1")));
    assertEquals("vg0/root", lvcreate.get(lvcreate.size() - 1));
    assertTrue(run.out.contains("upgraded hello (1.0-1 -> 1.1-1)"), run.out);
    assertEquals(List.of(List.of("lvremove", "--yes", SNAPSHOT)), run.processes.calls("lvremove"));
    assertFalse(anySafeupLv());
  }

  @Test
  void snapshotIsTakenBeforePacmanRuns() {
    run.pacmanLogs(0, UPGRADE);
    run.run("pacman", "-Syu");
    List<String> order =
        run.processes.calls().stream()
            .map(c -> c.get(0))
            .filter(p -> !List.of("lvs", "pacman-conf", "sync", "logger").contains(p))
            .toList();
    assertEquals(List.of("lvcreate", "pacman"), order);
  }

  @Test
  void withoutTerminalTheSetStaysPendingAndSaysHowToDecide() {
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("pacman", "-Syu"));
    assertTrue(run.lvm.names().contains(SNAPSHOT));
    assertTrue(run.out.contains("safeup keep"), run.out);
    assertTrue(run.processes.calls("lvremove").isEmpty());
  }

  @Test
  void nothingToDoRemovesTheSet() {
    run.pacmanLogs(0, "[2026-11-27T10:15:05+0000] [PACMAN] synchronizing package lists");
    assertEquals(0, run.run("pacman", "-Syu"));
    assertFalse(anySafeupLv());
    assertTrue(run.out.contains("pacman changed nothing"), run.out);
  }

  @Test
  void aChangeMissingFromTheLogKeepsTheSetAndShowsTheDatabasesChanges() {
    // LogFile elsewhere, unwritable or on a full disk: the log says nothing.
    run.pacmanDoes(0, () -> run.installed("hello", "1.1-1"));
    assertEquals(0, run.run("pacman", "-Syu"));
    assertTrue(run.lvm.names().contains(SNAPSHOT), "the set stays");
    assertTrue(run.err.contains("names no package, but its database changed"), run.err);
    assertTrue(run.out.contains("changed hello (1.0-1 -> 1.1-1)"), run.out);
    assertTrue(run.processes.calls("lvremove").isEmpty());
  }

  @Test
  void anUnreadableDatabaseKeepsTheSet() throws IOException {
    run.pacmanDoes(
        0,
        () -> {
          try {
            Files.move(
                run.root.resolve("var/lib/pacman/local"), run.root.resolve("var/lib/pacman/gone"));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertEquals(0, run.run("pacman", "-Syu"));
    assertTrue(run.lvm.names().contains(SNAPSHOT));
    assertTrue(run.err.contains("/var/lib/pacman/local could not be read"), run.err);
    assertTrue(run.err.contains("is kept in case the system changed"), run.err);
  }

  @Test
  void anUnreadableLogKeepsTheSet() {
    run.processes.answer(
        List.of("pacman-conf"),
        0,
        "DBPath = " + run.root + "/var/lib/pacman/\nLogFile = /nonexistent/pacman.log\n",
        "");
    run.pacmanLogs(0);
    assertEquals(0, run.run("pacman", "-Syu"));
    assertTrue(run.lvm.names().contains(SNAPSHOT));
    assertTrue(run.err.contains("pacman's log /nonexistent/pacman.log could not be read"), run.err);
  }

  @Test
  void pacmanFailingBeforeTheTransactionExitsWithItsCodeAndRemovesTheSet() {
    run.pacmanLogs(1);
    assertEquals(1, run.run("pacman", "-S", "no-such-package"));
    assertFalse(anySafeupLv());
    assertTrue(run.out.contains("pacman exited with 1 before changing anything"), run.out);
  }

  @Test
  void pacmanFailingMidTransactionKeepsTheSetForRollback() {
    run.pacmanLogs(1, STARTED, UPGRADE);
    assertEquals(1, run.run("--then", "later", "pacman", "-Syu"));
    assertTrue(run.lvm.names().contains(SNAPSHOT));
    assertTrue(run.err.contains("is kept so that you can roll back"), run.err);
    assertTrue(run.err.contains("did not complete"), run.err);
  }

  @Test
  void refusesWithoutRootBeforeTouchingAnything() {
    run.isRoot = false;
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.processes.calls().isEmpty());
    assertTrue(run.err.contains("must run as root"), run.err);
  }

  @Test
  void refusesWhileAnEarlierSetIsUndecided() {
    run.lvm.snapshot(
        "vg0",
        "root-safeup-20261120-080000",
        "root",
        List.of(
            "safeup",
            "safeup-set:20261120-080000",
            "safeup-members:1",
            "safeup-host:" + CommandRun.MACHINE_ID));
    assertEquals(4, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("20261120-080000"), run.err);
    assertTrue(run.err.contains("safeup keep"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void refusesWhileAnotherSafeupRuns() {
    try (var held = new SystemFileGateway().tryLock(run.runLock()).orElseThrow()) {
      assertEquals(3, run.run("pacman", "-Syu"));
    }
    assertTrue(run.err.contains("another safeup is running"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), "the lock is free again");
  }

  @Test
  void refusesWhenTheVolumeGroupIsTooFull() {
    run.lvm.vg("vg0", 10_240 * LvmSimulator.MIB, 100 * LvmSimulator.MIB);
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("volume group 'vg0' has 100.0 MiB free"), run.err);
    assertTrue(run.err.contains("need 820.0 MiB"), run.err);
    assertTrue(run.err.contains("SnapshotSize"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void failedSnapshotRemovesThoseAlreadyMadeAndDoesNotRunPacman() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nVolumes = vg0/root vg0/home\nSnapshotSize = 100M\n");
    run.lvm.failCreating("home-");
    assertEquals(5, run.run("-c", config.toString(), "pacman", "-Syu"));
    assertEquals(2, run.processes.calls("lvcreate").size());
    assertFalse(anySafeupLv(), run.lvm.names().toString());
    assertTrue(run.processes.calls("pacman").isEmpty());
    assertTrue(run.err.contains("cannot create snapshot vg0/home-safeup-20261127-101500"), run.err);
    assertTrue(run.err.contains("pacman did not run"), run.err);
  }

  @Test
  void refusesAConfiguredVolumeThatDoesNotExist() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nVolumes = vg0/root vg0/srv\n");
    assertEquals(3, run.run("-c", config.toString(), "pacman", "-Syu"));
    assertTrue(run.err.contains("vg0/srv"), run.err);
    assertTrue(run.err.contains(config.toString()), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
  }

  @Test
  void refusesWhenLvmToolsAreMissing() {
    run.processes.without("lvs");
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("pacman -S lvm2"), run.err);
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void refusesWhenPacmanIsMissingBeforeAnySnapshot() {
    run.processes.without("pacman-conf");
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("is pacman installed?"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
  }

  @Test
  void refusesAbbreviatedRoot() {
    assertEquals(2, run.run("pacman", "--roo", "/mnt", "-Syu"));
    assertTrue(run.err.contains("write pacman's --root in full"), run.err);
    assertTrue(run.processes.calls().isEmpty());
  }

  @Test
  void aPacmanStartedWhileSnapshottingRemovesTheSetAndRefuses() {
    run.lvm.afterCreate(
        () -> {
          try {
            Files.createFile(run.root.resolve("var/lib/pacman/db.lck"));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("another pacman started while the snapshots were taken"), run.err);
    assertFalse(anySafeupLv());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void anErrorAfterPacmanSaysTheSetStays() {
    run.pacmanLogs(0, STARTED, UPGRADE);
    run.processes.onAttached(
        argv -> {
          run.appendLog(STARTED, UPGRADE);
          run.processes.answer(List.of("lvs"), 5, "", "  Volume group vg0 not found");
          return 0;
        });
    assertEquals(8, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("lvs failed"), run.err);
    assertTrue(run.err.contains("stays: see 'safeup status'"), run.err);
  }

  @Test
  void refusesWhenRootIsNotOnLvm() {
    run.mounts.clear();
    run.mounts.add(new safeup.system.Mount(8, 2, "/", "ext4", "/dev/sda2"));
    assertEquals(3, run.run("pacman", "-Syu"));
    assertTrue(run.err.contains("/dev/sda2, which is not an LVM logical volume"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
  }

  @Test
  void addsASeparateUsrVolumeToTheSet() throws IOException {
    run.lvm.lv("vg0", "usr", 2_048 * LvmSimulator.MIB, 2);
    run.mounts.add(new safeup.system.Mount(254, 2, "/usr", "ext4", "/dev/mapper/vg0-usr"));
    run.pacmanLogs(0);
    run.run("pacman", "-Syu");
    List<String> origins =
        run.processes.calls("lvcreate").stream().map(c -> c.get(c.size() - 1)).toList();
    assertEquals(List.of("vg0/root", "vg0/usr"), origins);
  }

  @Test
  void refusesWhilePacmansDatabaseStaysLocked() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nPacmanLockWait = 0\n");
    Files.createFile(run.root.resolve("var/lib/pacman/db.lck"));
    assertEquals(3, run.run("-c", config.toString(), "pacman", "-Syu"));
    assertTrue(run.err.contains("db.lck"), run.err);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
  }

  @Test
  void dryRunPrintsTheCommandsAndChangesNothing() {
    run.pacmanLogs(0, UPGRADE);
    assertEquals(0, run.run("--dry-run", "pacman", "-Syu"));
    assertTrue(
        run.out.contains("would run: lvcreate --snapshot --name root-safeup-20261127-101500"),
        run.out);
    assertTrue(run.out.contains("would run: pacman -Syu"), run.out);
    assertTrue(run.processes.calls("lvcreate").isEmpty());
    assertTrue(run.processes.calls("pacman").isEmpty());
    assertFalse(anySafeupLv());
  }

  @Test
  void promptAnsweredKeepRemovesTheSet() {
    run.terminal = true;
    run.answers.add("k");
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("pacman", "-Syu"));
    assertFalse(anySafeupLv());
  }

  @Test
  void promptAnsweredRollbackAndConfirmedMergesAndReboots() {
    run.terminal = true;
    run.answers.addAll(List.of("r", "y"));
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("pacman", "-Syu"));
    assertEquals(
        List.of(List.of("lvconvert", "--merge", "--yes", SNAPSHOT)),
        run.processes.calls("lvconvert"));
    assertEquals(List.of(List.of("systemctl", "reboot")), run.processes.calls("systemctl"));
  }

  @Test
  void rollbackNotConfirmedAsksAgainAndEnterLeavesItForLater() {
    run.terminal = true;
    run.answers.addAll(List.of("what?", "r", "n", ""));
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("pacman", "-Syu"));
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertTrue(run.lvm.names().contains(SNAPSHOT));
    assertTrue(run.out.contains("Please answer"), run.out);
  }

  @Test
  void anOverflowedSetIsNotOfferedForRollback() {
    run.terminal = true;
    run.answers.addAll(List.of("r", "k"));
    run.pacmanDoes(
        0, () -> run.lvm.invalidate("vg0", SNAPSHOT.substring(4)), STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("pacman", "-Syu"));
    assertTrue(
        run.prompts.get(0).contains("This update can no longer be rolled back. [k]eep / [L]ater"),
        run.prompts.toString());
    assertTrue(run.out.contains("Please answer k (keep, removing the snapshots)"), run.out);
    assertTrue(
        run.out.contains("INVALID (overflowed, or its disk failed; can no longer be rolled back)"),
        run.out);
    assertFalse(
        run.err.contains("decide soon"), "no advice to hurry for a lost cause:\n" + run.err);
    assertTrue(run.processes.calls("lvconvert").isEmpty());
    assertFalse(anySafeupLv(), "kept: the overflowed set was removed");
  }

  @Test
  void fillLevelsAreReadOnlyAfterTheDataReachedTheDisk() {
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"));
    List<String> afterPacman =
        run.processes.calls().stream()
            .map(c -> c.get(0))
            .dropWhile(p -> !p.equals("pacman"))
            .toList();
    // The watch's last look (lvs) counts the unwritten data before the sync writes it; the
    // report reads the fill levels after the sync.
    assertEquals(
        List.of("pacman", "lvs", "sync", "lvs"), afterPacman.subList(0, 4), afterPacman.toString());
  }

  @Test
  void aSnapshotPastExtendAtIsGrownAndTheReportSaysSo() {
    run.pacmanDoes(
        0, () -> run.lvm.fill("vg0", SNAPSHOT.substring(4), 75.0), STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"));
    // 20%ORIGIN of 4 GiB is 820 MiB (whole 4 MiB extents); a step is a fifth of it.
    assertEquals(
        List.of(List.of("lvextend", "--size", "+" + (820L << 20) / 5 + "b", SNAPSHOT)),
        run.processes.calls("lvextend"));
    assertTrue(
        run.out.contains(
            SNAPSHOT
                + " was grown from 820.0 MiB to 984.0 MiB while pacman ran, by safeup"
                + " (ExtendAt = 70%)"),
        run.out);
    assertTrue(run.out.contains("62.5% of 984.0 MiB used"), run.out);
  }

  @Test
  void dataNotYetOnDiskIsMadeRoomForBeforeItIsWritten() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nSnapshotSize = 16M\n");
    run.unwrittenBytes = 40L << 20;
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("-c", config.toString(), "--then", "later", "pacman", "-Syu"));
    // 16 MiB + a step of 64 MiB: room for 45 MiB (40 MiB and an eighth) below 70%.
    assertEquals(
        List.of(List.of("lvextend", "--size", "+" + (64L << 20) + "b", SNAPSHOT)),
        run.processes.calls("lvextend"));
    assertTrue(run.out.contains("was grown from 16.0 MiB to 80.0 MiB"), run.out);
  }

  @Test
  void aFullVolumeGroupIsWarnedOfOnceNamingTheSnapshot() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nSnapshotSize = 2048M\n"); // all that vg0 has free
    run.pacmanDoes(
        0, () -> run.lvm.fill("vg0", SNAPSHOT.substring(4), 90.0), STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("-c", config.toString(), "--then", "later", "pacman", "-Syu"));
    assertTrue(run.processes.calls("lvextend").isEmpty());
    assertTrue(
        run.err.contains(
            "warning: snapshot "
                + SNAPSHOT
                + " is 90% of 2.0 GiB full and volume group vg0 has no free space left to grow"
                + " it; if it overflows the update can no longer be rolled back: free space in vg0"
                + " (vgextend, lvremove) and run lvextend -L +1G "
                + SNAPSHOT),
        run.err);
    assertEquals(1, run.err.split("is 90% of", -1).length - 1, run.err);
  }

  @Test
  void extendAtOffGrowsNothing() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nExtendAt = off\n");
    run.pacmanDoes(
        0, () -> run.lvm.fill("vg0", SNAPSHOT.substring(4), 95.0), STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("-c", config.toString(), "--then", "later", "pacman", "-Syu"));
    assertTrue(run.processes.calls("lvextend").isEmpty());
    assertFalse(run.out.contains("was grown"), run.out);
  }

  @Test
  void theWatchStopsWhenPacmanFailsOrSafeupFails() {
    run.pacmanDoes(
        1, () -> run.lvm.fill("vg0", SNAPSHOT.substring(4), 80.0), STARTED, UPGRADE, COMPLETED);
    assertEquals(1, run.run("--then", "later", "pacman", "-Syu"));
    assertEquals(1, run.processes.calls("lvextend").size(), "grown on the way out too");
    run.processes.onAttached(
        argv -> {
          throw new IllegalStateException("broken");
        });
    run.run("pacman", "-Syu");
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("safeup-snapshot-watch")),
        "no watch thread is left behind");
  }

  @Test
  void aThinVolumeThatIsItselfAThinSnapshotIsSnapshottedAndItsPoolShown() throws IOException {
    run.lvm.thinPool("vg0", "pool", 40.0, 12.5).thin("vg0", "base", "pool", "", 5);
    run.lvm.thin("vg0", "vm", "pool", "base", 6);
    run.mounts.add(new safeup.system.Mount(254, 6, "/srv/vm", "ext4", "/dev/mapper/vg0-vm"));
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nVolumes = vg0/root vg0/vm\n");
    run.pacmanDoes(
        0, () -> run.lvm.find("vg0/pool").put("data_percent", 93.0), STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("-c", config.toString(), "--then", "later", "pacman", "-Syu"), run.err);
    List<String> thin = run.processes.calls("lvcreate").get(1);
    assertEquals("vg0/vm", thin.get(thin.size() - 1));
    assertFalse(thin.contains("--extents") || thin.contains("--size"), thin.toString());
    assertTrue(
        run.out.contains(
            "vg0/vm-safeup-20261127-101500 of vg0/vm: thin snapshot in pool vg0/pool"
                + " (data 93.0%, metadata 12.5% used)"),
        run.out);
    assertTrue(run.err.contains("thin pool vg0/pool is past 90% full after the update"), run.err);
  }

  @Test
  void termWhileSnapshotsAreMadeRemovesThoseMadeAndPacmanDoesNotRun() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nVolumes = vg0/root vg0/home\n");
    run.lvm.afterCreate(() -> run.signals.deliver("TERM"));
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(5, run.run("-c", config.toString(), "pacman", "-Syu"));
    assertTrue(run.err.contains("interrupted (SIGTERM) while the snapshots were made"), run.err);
    assertTrue(run.err.contains("the snapshots already made were removed"), run.err);
    assertEquals(1, run.processes.calls("lvcreate").size(), "stopped after the one under way");
    assertTrue(run.processes.calls("pacman").isEmpty());
    assertFalse(anySafeupLv());
  }

  @Test
  void termOrHupAtThePromptEndSafeupWithTheSetPending() {
    for (String signal : List.of("TERM", "HUP")) {
      CommandRun prompted = new CommandRun(dir.resolve(signal));
      prompted.terminal = true;
      prompted.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
      prompted.onPrompt = () -> prompted.signals.deliver(signal);
      prompted.run("pacman", "-Syu");
      assertEquals(signal.equals("TERM") ? 143 : 129, prompted.signals.exitCode, prompted.err);
      assertTrue(
          prompted.err.contains(
              "SIG" + signal + " received: snapshot set 20261127-101500 stays pending"),
          prompted.err);
      assertTrue(prompted.lvm.names().contains(SNAPSHOT), "the set stays");
      assertTrue(prompted.processes.calls("lvremove").isEmpty());
    }
  }

  @Test
  void ctrlCAfterPacmanDoesNotEndSafeup() {
    run.pacmanLogs(0, STARTED, UPGRADE, COMPLETED);
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"));
    run.signals.deliver("INT"); // a late Ctrl-C meant for pacman: handled, ignored
    assertEquals(null, run.signals.exitCode);
  }
}
