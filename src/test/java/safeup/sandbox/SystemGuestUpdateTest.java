package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Layout;

/**
 * safeup as a user runs it: on the live root of a system that systemd booted from {@code vg0/root},
 * with lvm2 2.03.3x, pacman 7 and JDK 25, {@code /etc/pacman.conf} and {@code /etc/safeup.conf}
 * inside: updates that are kept, change nothing, fail, are refused, or are interrupted.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestUpdateTest {

  @Test
  void updateOnTheLiveRootThenKeep(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                findmnt -n -o SOURCE /
                safeup --then keep pacman --noconfirm -Syu; echo "safeup-exit=$?"
                pacman -Q hello; cat /usr/share/hello/version; echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(out.startsWith("/dev/mapper/vg0-root\n"), "the root is the LV:\n" + out);
    assertTrue(out.contains("vg0/root-safeup-"), out);
    assertTrue(out.contains("upgraded hello (1.0-1 -> 1.1-1)"), out);
    assertTrue(out.contains("safeup-exit=0\nhello 1.1-1\n1.1\nlvs:\n"), out);
    assertNoSafeupLv(out);
  }

  @Test
  void nothingToUpgradeLeavesNoSnapshotAndNoOtherUserCanTakeTheLock(TestInfo test) {
    String out =
        boot(
                guest(test, Layout.THICK),
                """
                runuser -u nobody -- sh -c 'mkdir -p /run/safeup && : >/run/safeup/lock' 2>/dev/null
                echo "nobody-made-it=$?"
                safeup pacman --noconfirm -Syu; echo "safeup-exit=$?"
                stat -c '%n %U %a %F' /run/safeup /run/safeup/lock
                runuser -u nobody -- flock -s -n /run/safeup/lock true 2>/dev/null
                echo "nobody-locked-it=$?"
                echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(out.contains("Nothing to protect: pacman changed nothing"), out);
    assertTrue(out.contains("safeup-exit=0"), out);
    assertNoSafeupLv(out);
    assertTrue(out.contains("nobody-made-it=1\n"), out);
    assertTrue(out.contains("/run/safeup root 755 directory\n"), out);
    assertTrue(out.contains("/run/safeup/lock root 600 regular file\n"), out);
    assertTrue(out.contains("nobody-locked-it="), out);
    assertFalse(out.contains("nobody-locked-it=0\n"), "nobody cannot open it to lock it:\n" + out);
  }

  @Test
  void pacmanFailureExitsWithPacmansCodeAndRemovesTheSet(TestInfo test) {
    String out =
        boot(
                guest(test, Layout.THICK),
                """
                safeup pacman --noconfirm -S no-such-package; echo "safeup-exit=$?"
                echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(out.contains("error: target not found: no-such-package"), out);
    assertTrue(out.contains("pacman exited with 1 before changing anything"), out);
    assertTrue(out.contains("removed; the system is as it was"), out);
    assertTrue(out.contains("safeup-exit=1"), out);
    assertNoSafeupLv(out);
  }

  @Test
  void fullVolumeGroupIsRefusedBeforePacmanRuns(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                lvcreate -q -l 100%FREE -n filler vg0
                safeup pacman --noconfirm -Syu; echo "safeup-exit=$?"
                pacman -Q hello; grep -c Running /var/log/pacman.log; echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(
        out.contains(
            "error: volume group 'vg0' has 0 B free; snapshots of vg0/root need 256.0 MiB"),
        out);
    assertTrue(out.contains("safeup-exit=3\nhello 1.0-1\n1\nlvs:"), "pacman did not run:\n" + out);
    assertNoSafeupLv(out);
  }

  @Test
  void promptOnARealTerminalKeep(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                Expect.answers("safeup pacman --noconfirm -Syu", "Keep this update?", "k")
                    + """
                    echo "expect-exit=$?"; pacman -Q hello; echo "lvs:"; safeup_lvs
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("Update kept"), out);
    assertTrue(out.contains("expect-exit=0\nhello 1.1-1\nlvs:"), out);
    assertNoSafeupLv(out);
  }

  @Test
  void ctrlCDuringPacmanReachesPacmanAndSafeupCleansUp(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                Expect.dialogue("safeup pacman -Syu", "Proceed with installation?", "\\003")
                    + """
                    echo "expect-exit=$?"; pacman -Q hello; echo "lvs:"; safeup_lvs
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("Interrupt signal received"), out);
    assertTrue(out.contains("pacman exited with 130 before changing anything"), out);
    assertTrue(out.contains("expect-exit=130\nhello 1.0-1\nlvs:"), out);
    assertNoSafeupLv(out);
  }

  @Test
  void anUpdateMissingFromPacmansLogStillKeepsItsSet(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                sed -i '/^\\[options\\]/a LogFile = /dev/null' /etc/pacman.conf
                safeup --then later pacman --noconfirm -Syu; echo "safeup-exit=$?"
                pacman -Q hello; echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(out.contains("names no package, but its database changed"), out);
    assertTrue(out.contains("changed hello (1.0-1 -> 1.1-1)"), out);
    assertTrue(out.contains("safeup-exit=0\nhello 1.1-1\nlvs:\n  root-safeup-"), "kept:\n" + out);
  }

  @Test
  void aSnapshotThatFillsIsGrownWhilePacmanRunsAndStaysValid(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("big", "1.0-1");
    String out =
        boot(
                guest,
                """
                printf '[options]\\nSnapshotSize = 16M\\n' >/etc/safeup.conf
                safeup --then later pacman --noconfirm -Sy big; echo "safeup-exit=$?"
                sync; lvs --noheadings --units m -o lv_name,lv_attr,lv_size,snap_percent vg0
                safeup status | grep -E 'next|INVALID'
                """)
            .get(0)
            .output();
    assertTrue(
        out.matches(
            "(?s).*vg0/root-safeup-\\S+ was grown from 16\\.0 MiB to \\d+\\.\\d MiB"
                + " while pacman ran, by safeup \\(ExtendAt = 70%\\).*"),
        "40 MiB (and its 40 MiB download) written through a 16 MiB snapshot:\n" + out);
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.matches("(?s).*root-safeup-\\S+ +swi-a-s--- +\\d+\\.\\d+m .*"), out);
    assertFalse(out.contains("INVALID"), out);
    assertTrue(out.contains("safeup rollback"), "still offered for rollback:\n" + out);
  }

  @Test
  void autoSizeFitsAnUpdateThatWouldOverflowASmallFixedSize(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("big", "1.0-1");
    String out =
        boot(
                guest,
                """
                printf '[options]\\nSnapshotSize = auto\\nExtendAt = off\\n' >/etc/safeup.conf
                safeup --then later pacman --noconfirm -Sy big; echo "safeup-exit=$?"
                sync; lvs --noheadings --units m -o lv_name,lv_attr,lv_size vg0
                """)
            .get(0)
            .output();
    assertTrue(
        out.contains(
            ":: SnapshotSize = auto: 1 package(s): 40.0 MiB installed, 40.0 MiB to download"),
        "predicted from a refreshed copy of the databases:\n" + out);
    assertTrue(
        out.matches("(?s).*root-safeup-\\S+ +swi-a-s--- +120\\.00m.*"),
        "40 MiB and its download, a quarter and 16 MiB more, in extents:\n" + out);
    assertFalse(out.contains("INVALID"), out);
    assertFalse(out.contains("was grown"), out);
  }

  @Test
  void autoRefusesWhenTheVolumeGroupCannotHoldTheMinimum(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                printf '[options]\\nSnapshotSize = auto\\n' >/etc/safeup.conf
                lvcreate -q -y -n filler -l $(( $(vgs --noheadings -o vg_free_count vg0) - 4 )) vg0
                safeup pacman --noconfirm -Syu; echo "safeup-exit=$?"
                pacman -Q hello; echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(
        out.contains(
            "error: volume group 'vg0' has 16.0 MiB free; snapshots of vg0/root need 32.0 MiB"
                + " (SnapshotSize = auto)"),
        out);
    assertTrue(out.contains("safeup-exit=3\nhello 1.0-1\nlvs:"), "pacman did not run:\n" + out);
    assertNoSafeupLv(out);
  }

  @Test
  void anOverflowIsSeenAsSoonAsPacmanEndsAndNoRollbackIsOffered(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("big", "1.0-1");
    String out =
        boot(
                guest,
                """
                printf '[options]\\nSnapshotSize = 16M\\n' >/etc/safeup.conf
                # vg0 keeps room for the 16 MiB snapshot and nothing more: it cannot grow.
                lvcreate -q -y -n filler -l $(( $(vgs --noheadings -o vg_free_count vg0) - 4 )) vg0
                safeup --then later pacman --noconfirm -Sy big 2>&1; echo "safeup-exit=$?"
                safeup status | grep -E 'next|INVALID'
                safeup rollback --yes; echo "rollback-exit=$?"
                """)
            .get(0)
            .output();
    assertTrue(
        out.matches(
            "(?s).*warning: snapshot vg0/root-safeup-\\S+ is \\d+% of 16\\.0 MiB full( \\([^)]*\\))? and"
                + " volume group vg0 has no free space left to grow it; .*lvextend -L \\+1G"
                + " vg0/root-safeup-.*"),
        "the warning while pacman ran:\n" + out);
    assertEquals(1, out.split("has no free space left", -1).length - 1, "once:\n" + out);
    assertTrue(
        out.contains(
            "of vg0/root: INVALID (overflowed, or its disk failed; can no longer be rolled back)"),
        "40 MiB written into a 16 MiB snapshot, read after pacman:\n" + out);
    assertTrue(out.contains("rollback-exit=7"), out);
    assertTrue(out.contains("(it can no longer be rolled back)"), out);
    assertFalse(out.contains("or  safeup rollback"), out);
  }

  @Test
  void refusalsByPacmanOrForAnUnknownMachineIdLeaveNothingBehind(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                setpriv --reuid=65534 --regid=65534 --clear-groups safeup pacman -Dk
                echo "check-exit=$?"
                safeup pacman -Syu --root; echo "trailing-root-exit=$?"
                cp /etc/machine-id /run/machine-id; : >/etc/machine-id
                safeup pacman --noconfirm -Syu; echo "no-machine-id-exit=$?"
                cp /run/machine-id /etc/machine-id
                pacman -Q hello; echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(out.contains("No database errors have been found!\ncheck-exit=0"), out);
    assertTrue(out.contains("option '--root' requires an argument"), out);
    assertTrue(out.contains("trailing-root-exit=1"), out);
    assertFalse(out.contains("Exception"), out);
    assertTrue(out.contains("error: /etc/machine-id is missing, empty or invalid"), out);
    assertTrue(out.contains("no-machine-id-exit=3\nhello 1.0-1\nlvs:"), out);
    assertNoSafeupLv(out);
  }

  @Test
  void termWhileSnapshottingLeavesNothingAndTermAtThePromptLeavesTheSetPending(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                for lv in data srv; do lvcreate -q -L 64M -n $lv vg0 && mkfs.ext4 -q /dev/vg0/$lv; done
                printf '[options]\\nVolumes = vg0/root vg0/data vg0/srv\\nSnapshotSize = 64M\\n' \\
                  >/etc/safeup.conf
                # PATTERN: run safeup on a pty (of unknown size, as a serial console's), kill it
                # with TERM when PATTERN shows
                killed_at() {
                  expect -c "set timeout 120; spawn env TERM=xterm safeup pacman --noconfirm -Syu
                    expect -exact {$1} { exec kill -TERM [exp_pid] }; expect eof
                    lassign [wait] pid spawnid os_error code; exit \\$code"
                }
                killed_at "  of vg0/data"; echo "while-snapshotting-exit=$?"
                pacman -Q hello; echo "lvs:"; safeup_lvs
                killed_at "Keep this update?"; echo "at-prompt-exit=$?"
                pacman -Q hello; safeup status | head -n 1
                """)
            .get(0)
            .output();
    assertTrue(out.contains("interrupted (SIGTERM) while the snapshots were made"), out);
    assertTrue(
        out.matches("(?s).*while-snapshotting-exit=5\\nhello 1.0-1\\nlvs:\\n(?!  \\S*safeup).*"),
        "pacman did not run and nothing is left:\n" + out);
    assertTrue(out.contains("SIGTERM received: snapshot set"), out);
    assertTrue(
        out.matches(
            "(?s).*at-prompt-exit=143\\nhello 1.1-1\\n:: Snapshot set \\S+ \\(pending\\).*"),
        out);
  }

  @Test
  void aSnapshotInUseIsRefusedBeforeAnythingIsMerged(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                safeup --then later pacman --noconfirm -Syu >/dev/null
                mkdir -p /mnt/look && mount -o ro,noload /dev/vg0/root-safeup-* /mnt/look
                safeup rollback --yes --no-reboot; echo "in-use-exit=$?"
                lvs --noheadings -o lv_attr,lv_tags vg0 | grep safeup
                umount /mnt/look
                safeup rollback --yes --no-reboot; echo "unmounted-exit=$?"
                """)
            .get(0)
            .output();
    assertTrue(out.contains("is in use (mounted, or held by a program): nothing was merged"), out);
    assertTrue(
        out.matches("(?s).*in-use-exit=7\\n  swi-aos--- safeup,(?!.*safeup-rollback).*"),
        "neither merged nor tagged:\n" + out);
    assertTrue(out.contains("unmounted-exit=0"), out);
  }
}
