package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * safeup on real LVM and real pacman: a UML guest with device-mapper, a volume group on a disk
 * image, and a root filesystem on vg0/root holding hello 1.0-1 and world 1.0-1. A "reboot" is a
 * second boot over the same disk, whose activation performs a scheduled merge.
 */
@Tag("sandbox")
class SafeupSandboxTest {
  private static final Path SAFEUP = Path.of("target/safeup").toAbsolutePath();

  /** Shell functions for the guest: safeup with the sandbox's config, pacman on its root. */
  private static final String PRELUDE =
      """
      set -u
      safeup() { "$SAFEUP" -c "$SANDBOX/safeup.conf" "$@"; }
      PACMAN_ON_ROOT="--root $ROOT --config $PACMAN_CONF --noconfirm"
      installed() { pacman -Q --root "$ROOT" "$1"; }
      safeup_lvs() { lvs -a --noheadings -o lv_name,lv_tags vg0 | grep safeup || true; }
      """;

  private Sandbox sandbox;

  @BeforeEach
  void create(TestInfo test) throws IOException {
    assertTrue(Files.isExecutable(SAFEUP), SAFEUP + " is missing: run mvn package first");
    sandbox =
        Sandbox.create(Path.of("target/sandbox/" + test.getTestMethod().orElseThrow().getName()));
    Files.writeString(
        sandbox.dir().resolve("safeup.conf"),
        "# safeup in the sandbox\n[options]\nVolumes = vg0/root\nSnapshotSize = 64M\n"
            + "RebootCommand = touch "
            + sandbox.dir().resolve("rebooted")
            + "\nPacmanLockWait = 3\n");
  }

  private Sandbox.GuestRun boot(String script) {
    return sandbox.boot("export SAFEUP=" + SAFEUP + "\n" + PRELUDE + script);
  }

  private boolean rebooted() {
    return Files.exists(sandbox.dir().resolve("rebooted"));
  }

  @Test
  void updateThenKeep() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun run =
        boot(
            """
            safeup --then keep pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"
            installed hello; cat "$ROOT/usr/share/hello/version"; echo "lvs:"; safeup_lvs
            """);
    String out = run.output();
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("vg0/root-safeup-"), out);
    assertTrue(out.contains("upgraded hello (1.0-1 -> 1.1-1)"), out);
    assertTrue(out.contains("hello 1.1-1\n1.1\nlvs:\n"), out);
    assertTrue(out.strip().endsWith("lvs:"), "no safeup LV may remain:\n" + out);
  }

  @Test
  void updateThenRollbackAndReboot() {
    sandbox.publish("hello", "1.1-1");
    sandbox.publish("world", "2.0-1");
    Sandbox.GuestRun update =
        boot(
            """
            safeup --then rollback pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"
            installed hello; safeup status; echo "lvs:"; safeup_lvs
            """);
    String out = update.output();
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("hello 1.1-1"), "pacman upgraded first:\n" + out);
    assertTrue(out.contains("merge scheduled, reboot needed"), out);
    assertTrue(rebooted(), "RebootCommand ran:\n" + out);

    Sandbox.GuestRun after =
        boot(
            """
            installed hello; installed world; cat "$ROOT/usr/share/hello/version" "$ROOT/usr/share/world/data"
            "$ROOT/usr/bin/hello"; safeup status; echo "lvs:"; safeup_lvs
            """);
    String old = after.output();
    assertTrue(old.contains("hello 1.0-1\nworld 1.0-1\n1.0\nworld 1.0-1\nhello 1.0\n"), old);
    assertTrue(old.contains("No snapshot sets"), old);
    assertTrue(old.strip().endsWith("lvs:"), "no safeup LV may remain:\n" + old);
  }

  @Test
  void nothingToUpgradeLeavesNoSnapshot() {
    Sandbox.GuestRun run =
        boot(
            """
            safeup pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"; echo "lvs:"; safeup_lvs
            """);
    String out = run.output();
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("Nothing to protect: pacman changed nothing"), out);
    assertTrue(out.strip().endsWith("lvs:"), out);
  }

  @Test
  void pacmanFailureExitsWithPacmansCodeAndSaysWhatHappenedToTheSnapshot() {
    Sandbox.GuestRun run =
        boot(
            """
            safeup pacman $PACMAN_ON_ROOT -S no-such-package; echo "safeup-exit=$?"
            echo "lvs:"; safeup_lvs
            """);
    String out = run.output();
    assertTrue(out.contains("error: target not found: no-such-package"), out);
    assertTrue(out.contains("safeup-exit=1"), out);
    assertTrue(out.contains("pacman exited with 1 before changing anything"), out);
    assertTrue(out.contains("removed; the system is as it was"), out);
    assertTrue(out.strip().endsWith("lvs:"), out);
  }

  @Test
  void fullVolumeGroupIsRefusedBeforePacmanRuns() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun run =
        boot(
            """
            lvcreate -q -l 100%FREE -n filler vg0
            safeup pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"
            installed hello; grep -c Running "$ROOT/var/log/pacman.log"; echo "lvs:"; safeup_lvs
            """);
    String out = run.output();
    assertTrue(
        out.contains("error: volume group 'vg0' has 0 B free; snapshots of vg0/root need 64.0 MiB"),
        out);
    assertTrue(out.contains("safeup-exit=3"), out);
    assertTrue(out.contains("hello 1.0-1\n1\nlvs:"), "pacman did not run:\n" + out);
    assertTrue(out.strip().endsWith("lvs:"), out);
  }

  @Test
  void keepAndRollbackLeaveOtherSnapshotsAlone() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun first =
        boot(
            """
            lvcreate -q -s -L 32M -n backup vg0/root
            safeup --then later pacman $PACMAN_ON_ROOT -Syu
            safeup keep; echo "keep-exit=$?"
            lvs --noheadings -o lv_name,lv_attr vg0/backup
            """);
    assertTrue(first.output().contains("keep-exit=0"), first.output());
    assertTrue(first.output().contains("backup swi-a-s---"), first.output());

    sandbox.publish("hello", "1.2-1");
    Sandbox.GuestRun second =
        boot(
            """
            safeup --then later pacman $PACMAN_ON_ROOT -Syu
            safeup rollback --yes --no-reboot; echo "rollback-exit=$?"
            lvs --noheadings -o lv_name,lv_attr vg0/backup
            """);
    assertTrue(second.output().contains("rollback-exit=0"), second.output());
    assertTrue(second.output().contains("backup swi-a-s---"), "not merging:\n" + second.output());
    assertFalse(rebooted());

    Sandbox.GuestRun after =
        boot("installed hello; lvs --noheadings -o lv_name vg0/backup; echo lvs:; safeup_lvs\n");
    assertTrue(after.output().contains("hello 1.1-1\n  backup\nlvs:"), after.output());
  }

  @Test
  void thinVolumeGetsAThinSnapshotThatRollsBack() throws IOException {
    Files.writeString(
        sandbox.dir().resolve("safeup.conf"),
        "[options]\nVolumes = vg0/troot\nRebootCommand = touch "
            + sandbox.dir().resolve("rebooted")
            + "\n");
    String mountThin = "THIN=$SANDBOX/thin; mkdir -p $THIN; mount /dev/vg0/troot $THIN\n";
    Sandbox.GuestRun update =
        boot(
            """
            lvcreate -q -L 300M -T vg0/pool && lvcreate -q -V 200M -T vg0/pool -n troot
            mkfs.ext4 -q /dev/vg0/troot
            """
                + mountThin
                + """
                mkdir -p $THIN/var/lib/pacman $THIN/var/log
                pacman --root $THIN --config $PACMAN_CONF --noconfirm -Sy hello >/dev/null
                "$SANDBOX_BIN" publish "$SANDBOX" hello 1.1-1
                installed() { pacman -Q --root "$THIN" "$1"; }
                safeup --then rollback pacman --root $THIN --config $PACMAN_CONF --noconfirm -Syu
                echo "safeup-exit=$?"; installed hello
                lvs -a --noheadings -o lv_name,segtype,origin vg0 | grep safeup
                umount $THIN
                """);
    String out = update.output();
    assertTrue(out.contains("(thin)"), out);
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("hello 1.1-1"), out);
    assertTrue(
        out.matches("(?s).*troot-safeup-\\S+ +thin +troot\\s.*"), "a thin snapshot:\n" + out);
    assertTrue(rebooted(), out);

    Sandbox.GuestRun after =
        boot(
            mountThin
                + """
                pacman -Q --root "$THIN" hello; cat $THIN/usr/share/hello/version
                echo "lvs:"; safeup_lvs; umount $THIN
                """);
    assertTrue(after.output().contains("hello 1.0-1\n1.0\nlvs:"), after.output());
    assertTrue(after.output().strip().endsWith("lvs:"), after.output());
  }

  @Test
  void anInterruptedRollbackIsFinishedAfterTheReboot() throws IOException {
    sandbox.publish("hello", "1.1-1");
    Files.writeString(
        sandbox.dir().resolve("safeup.conf"),
        "[options]\nVolumes = vg0/root vg0/data\nSnapshotSize = 64M\n");
    String mountData = "DATA=$SANDBOX/data; mkdir -p $DATA; mount /dev/vg0/data $DATA\n";
    Sandbox.GuestRun first =
        boot(
            "lvcreate -q -L 64M -n data vg0 && mkfs.ext4 -q /dev/vg0/data\n"
                + mountData
                + """
                echo old > $DATA/file
                safeup --then later pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"
                echo new > $DATA/file
                # What a rollback interrupted after its first merge leaves behind:
                for lv in $(lvs --noheadings -o lv_name vg0 | grep safeup); do
                  lvchange -q --addtag safeup-rollback vg0/$lv
                done
                lvconvert -q --merge "vg0/$(lvs --noheadings -o lv_name vg0 | grep -m1 root-safeup | tr -d " ")"
                umount $DATA
                """);
    assertTrue(first.output().contains("safeup-exit=0"), first.output());

    Sandbox.GuestRun second =
        boot(
            mountData
                + """
                installed hello; cat $DATA/file
                safeup status --json | grep '"state"'
                safeup keep; echo "keep-exit=$?"
                safeup pacman $PACMAN_ON_ROOT -Syu; echo "update-exit=$?"
                safeup rollback --yes --no-reboot; echo "rollback-exit=$?"
                umount $DATA
                """);
    String out = second.output();
    assertTrue(out.contains("hello 1.0-1\nnew\n"), "root merged, data not yet:\n" + out);
    assertTrue(out.contains("\"state\" : \"rollback-interrupted\""), out);
    assertTrue(out.contains("Run 'safeup rollback' to finish it"), out);
    assertTrue(out.contains("keep-exit=3"), out);
    assertTrue(out.contains("update-exit=4"), out);
    assertTrue(out.contains("rollback-exit=0"), out);

    Sandbox.GuestRun third =
        boot(mountData + "installed hello; cat $DATA/file; echo lvs:; safeup_lvs; umount $DATA\n");
    assertTrue(third.output().contains("hello 1.0-1\nold\nlvs:"), third.output());
    assertTrue(third.output().strip().endsWith("lvs:"), third.output());
  }

  @Test
  void promptOnARealTerminalKeep() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun run =
        boot(
            expect("Keep this update?", "k")
                + """
                echo "expect-exit=$?"; installed hello; echo "lvs:"; safeup_lvs
                """);
    String out = run.output();
    assertTrue(out.contains("expect-exit=0"), out);
    assertTrue(out.contains("Update kept"), out);
    assertTrue(out.contains("hello 1.1-1\nlvs:"), out);
    assertTrue(out.strip().endsWith("lvs:"), out);
  }

  @Test
  void promptOnARealTerminalRollback() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun run =
        boot(expect("Keep this update?", "r", "reboot now?", "y") + "echo \"expect-exit=$?\"\n");
    assertTrue(run.output().contains("expect-exit=0"), run.output());
    assertTrue(run.output().contains("rebooting to complete it"), run.output());
    assertTrue(rebooted(), run.output());
    Sandbox.GuestRun after = boot("installed hello; echo lvs:; safeup_lvs\n");
    assertTrue(after.output().contains("hello 1.0-1\nlvs:"), after.output());
    assertTrue(after.output().strip().endsWith("lvs:"), after.output());
  }

  @Test
  void ctrlCDuringPacmanReachesPacmanAndSafeupFinishesItsJob() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun run =
        boot(
            expectProgram(
                    "pacman --root $env(ROOT) --config $env(PACMAN_CONF) -Syu",
                    "Proceed with installation?",
                    "\\003")
                + """
                echo "expect-exit=$?"; installed hello; echo "lvs:"; safeup_lvs
                """);
    String out = run.output();
    assertTrue(out.contains("Interrupt signal received"), out);
    assertTrue(out.contains("pacman exited with 130 before changing anything"), out);
    assertTrue(out.contains("expect-exit=130"), out);
    assertTrue(out.contains("hello 1.0-1\nlvs:"), out);
    assertTrue(out.strip().endsWith("lvs:"), out);
  }

  private static String expect(String... dialogue) {
    String[] answers = dialogue.clone();
    for (int i = 1; i < answers.length; i += 2) {
      answers[i] = answers[i] + "\\r";
    }
    return expectProgram(
        "pacman --root $env(ROOT) --config $env(PACMAN_CONF) --noconfirm -Syu", answers);
  }

  /**
   * An expect(1) program that runs safeup on a pseudo-terminal and answers each prompt, in pairs:
   * the text to wait for, then the answer. It fails unless safeup exits 0.
   */
  private static String expectProgram(String safeupArguments, String... dialogue) {
    StringBuilder program = new StringBuilder();
    program.append("set timeout 60\nset stty_init \"rows 40 columns 120\"\n");
    program
        .append("spawn env TERM=xterm $env(SAFEUP) -c $env(SANDBOX)/safeup.conf ")
        .append(safeupArguments)
        .append("\n");
    for (int i = 0; i < dialogue.length; i += 2) {
      program
          .append("expect {\n  timeout { exit 90 }\n  eof { exit 91 }\n  \"")
          .append(dialogue[i])
          .append("\"\n}\nsend \"")
          .append(dialogue[i + 1])
          .append("\"\n");
    }
    program.append("expect eof\nlassign [wait] pid spawnid os_error code\nexit $code\n");
    return "expect <<'EXPECT'\n" + program + "EXPECT\n";
  }
}
