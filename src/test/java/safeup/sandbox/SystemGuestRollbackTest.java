package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Rollbacks on the system users have: {@code safeup rollback} reboots the guest with the real
 * {@code systemctl reboot}; activation at the next boot starts the merge (the root's in the
 * initramfs-like init, other volumes' by udev) and lvm2's polling finishes it.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestRollbackTest {

  @Test
  void rollbackRebootsIntoTheOldSystem(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "2.0-1");
    List<Boot> boots =
        boot(
            guest,
            """
            safeup --then rollback pacman --noconfirm -Syu; echo "safeup-exit=$?"
            """,
            """
            pacman -Q hello world; cat /usr/share/hello/version /usr/share/world/data; hello
            safeup status; echo "lvs:"; safeup_lvs
            """);
    String update = boots.get(0).output();
    assertTrue(update.contains("upgraded hello (1.0-1 -> 1.1-1)"), update);
    assertTrue(update.contains("Rollback scheduled; rebooting to complete it."), update);
    assertTrue(update.contains("safeup-exit=0"), update);
    String after = boots.get(1).output();
    assertTrue(
        after.startsWith("hello 1.0-1\nworld 1.0-1\n1.0\nworld 1.0-1\nhello 1.0\n"),
        "the old versions, files and database are back:\n" + after);
    assertTrue(after.contains("No snapshot sets"), after);
    assertNoSafeupLv(after);
  }

  @Test
  void keepAndRollbackLeaveOtherSnapshotsAlone(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            lvcreate -q -s -L 32M -n backup vg0/root
            safeup --then later pacman --noconfirm -Sy hello
            safeup keep; echo "keep-exit=$?"
            lvs --noheadings -o lv_name,lv_attr vg0/backup
            safeup --then later pacman --noconfirm -Syu
            safeup rollback --yes; echo "rollback-exit=$?"
            lvs --noheadings -o lv_name,lv_attr vg0/backup
            """,
            """
            pacman -Q hello world; lvs --noheadings -o lv_name,lv_attr vg0/backup
            echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    assertTrue(first.contains("keep-exit=0\n  backup swi-a-s---"), first);
    assertTrue(first.contains("rollback-exit=0\n  backup swi-a-s---"), "not merging:\n" + first);
    String after = boots.get(1).output();
    assertTrue(after.startsWith("hello 1.1-1\nworld 1.0-1\n  backup swi-a-s---"), after);
    assertNoSafeupLv(after);
  }

  @Test
  void thinRootAndAVolumeThatIsAThinSnapshotRollBackThroughThinSnapshots(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THIN);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            lvs --noheadings -o lv_name,segtype,pool_lv vg0/root
            # /data is a thin snapshot of another thin volume, as VM images often are
            lvcreate -q -V 64M -T vg0/pool -n base && mkfs.ext4 -q /dev/vg0/base
            lvcreate -q -s -n data vg0/base && lvchange -q --setactivationskip n vg0/data
            lvchange -q -ay vg0/data
            mkdir -p /data && echo '/dev/vg0/data /data ext4 rw 0 2' >>/etc/fstab && mount /data
            echo old >/data/file
            printf '[options]\\nVolumes = vg0/root vg0/data\\n' >/etc/safeup.conf
            safeup --then later pacman --noconfirm -Syu; echo "safeup-exit=$?"
            echo new >/data/file
            logger -t sandbox "the data was written again"
            lvs -a --noheadings -o lv_name,segtype,origin vg0 | grep safeup
            safeup rollback --yes
            """,
            """
            pacman -Q hello; cat /usr/share/hello/version /data/file; findmnt -n -o SOURCE /
            lvs --noheadings -o lv_name,segtype vg0/root
            echo "skip-activation: $(lvs --noheadings -o lv_attr vg0/root vg0/data | grep -c 'k *$')"
            grep -o 'upgraded hello.*' /var/log/safeup/rollback-*/pacman.log
            grep -c 'the data was written again' /var/log/safeup/rollback-*/journal.txt
            grep -E '^(why|Written)' /var/log/safeup/rollback-*/report.txt | cut -c1-29
            echo "lvs:"; safeup_lvs
            """);
    String update = boots.get(0).output();
    assertTrue(update.startsWith("  root thin pool"), "a thin root:\n" + update);
    assertTrue(update.contains("(thin)"), update);
    assertTrue(update.contains("safeup-exit=0"), update);
    assertTrue(update.matches("(?s).*root-safeup-\\S+ +thin +root\\s.*"), update);
    assertTrue(update.matches("(?s).*data-safeup-\\S+ +thin +data\\s.*"), update);
    assertTrue(
        update.matches("(?s).*of vg0/data: thin snapshot in pool vg0/pool \\(data [0-9.]+%,.*"),
        "the pool's fill:\n" + update);
    String after = boots.get(1).output();
    assertTrue(
        after.startsWith(
            "hello 1.0-1\n1.0\nold\n/dev/mapper/vg0-root\n  root thin\n" + "skip-activation: 0\n"),
        "merged, and both volumes activate at every boot:\n" + after);
    assertNoSafeupLv(after);
    assertTrue(
        after.contains(
            "skip-activation: 0\nupgraded hello (1.0-1 -> 1.1-1)\n1\nwhy:   safeup rollback\n"
                + "Written into vg0/root-safeup-\nlvs:"),
        "the evidence came back with the thin root's merge:\n" + after);
  }

  @Test
  void anInterruptedRollbackIsRefusedByKeepAndFinishedByRollback(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            lvcreate -q -L 64M -n data vg0 && mkfs.ext4 -q /dev/vg0/data && mkdir -p /data
            echo '/dev/vg0/data /data ext4 rw 0 2' >>/etc/fstab && mount /data
            printf '[options]\\nVolumes = vg0/root vg0/data\\nSnapshotSize = 64M\\n' >/etc/safeup.conf
            echo old >/data/file
            safeup --then later pacman --noconfirm -Syu; echo "safeup-exit=$?"
            echo new >/data/file
            # What a rollback interrupted after its first merge leaves behind:
            for lv in $(lvs --noheadings -o lv_name vg0 | grep safeup); do
              lvchange -q --addtag safeup-rollback "vg0/$lv"
            done
            lvconvert -q --merge "vg0/$(lvs --noheadings -o lv_name vg0 | grep -m1 root-safeup | tr -d ' ')"
            systemctl reboot
            """,
            """
            pacman -Q hello; cat /data/file
            safeup status --json | grep '"state"'
            safeup status | grep -A1 next
            safeup keep; echo "keep-exit=$?"
            safeup pacman --noconfirm -Syu; echo "update-exit=$?"
            safeup rollback --yes; echo "rollback-exit=$?"
            """,
            """
            pacman -Q hello; cat /data/file; echo "lvs:"; safeup_lvs
            """);
    assertTrue(boots.get(0).output().contains("safeup-exit=0"), boots.get(0).output());
    String second = boots.get(1).output();
    assertTrue(second.startsWith("hello 1.0-1\nnew\n"), "root merged, data not yet:\n" + second);
    assertTrue(second.contains("\"state\" : \"rollback-interrupted\""), second);
    assertTrue(second.contains("safeup rollback"), second);
    assertTrue(second.contains("keep-exit=3"), second);
    assertTrue(second.contains("update-exit=4"), second);
    assertTrue(second.contains("rollback-exit=0"), second);
    String third = boots.get(2).output();
    assertTrue(third.startsWith("hello 1.0-1\nold\nlvs:"), third);
    assertNoSafeupLv(third);
  }

  @Test
  void aHalfMergedSetWithAnOverflowedMemberIsFinishedWithoutIt(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            lvcreate -q -L 128M -n data vg0 && mkfs.ext4 -q /dev/vg0/data && mkdir -p /data
            echo '/dev/vg0/data /data ext4 rw 0 2' >>/etc/fstab && mount /data
            printf '[options]\\nVolumes = vg0/root vg0/data\\nSnapshotSize = 32M\\n' >/etc/safeup.conf
            echo old >/data/file
            safeup --then later pacman --noconfirm -Syu; echo "safeup-exit=$?"
            echo new >/data/file
            # A rollback that stopped after its first merge, and then the other member overflowed:
            for lv in $(lvs --noheadings -o lv_name vg0 | grep safeup); do
              lvchange -q --addtag safeup-rollback "vg0/$lv"
            done
            lvconvert -q --merge "vg0/$(lvs --noheadings -o lv_name vg0 | grep -m1 root-safeup | tr -d ' ')"
            head -c 64M /dev/urandom >/data/blob; sync
            safeup status | grep 'volume:'
            systemctl reboot
            """,
            """
            pacman -Q hello; cat /data/file
            safeup status | grep 'volume:'
            safeup keep; echo "keep-exit=$?"
            safeup rollback --yes; echo "rollback-exit=$?"
            safeup status; echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    assertTrue(first.contains("safeup-exit=0"), first);
    assertTrue(first.contains("of vg0/root: merge scheduled"), first);
    assertTrue(first.contains("of vg0/data: INVALID"), first);
    String second = boots.get(1).output();
    assertTrue(second.startsWith("hello 1.0-1\nnew\n"), "root merged, data not:\n" + second);
    assertTrue(second.contains("of vg0/data: INVALID"), second);
    assertTrue(second.contains("1 of the 2 snapshots is gone: merged by the rollback"), second);
    assertTrue(second.contains("keep-exit=3"), second);
    assertTrue(
        second.contains("overflowed, so it cannot be merged: removed. vg0/data stays"), second);
    assertTrue(second.contains("nothing is left to merge"), second);
    assertTrue(second.contains("rollback-exit=0"), second);
    assertTrue(second.contains("No snapshot sets"), second);
    assertNoSafeupLv(second);
  }

  @Test
  void promptOnARealTerminalRollbackRebootsTheGuest(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            Expect.answers(
                    "safeup pacman --noconfirm -Syu", "Keep this update?", "r", "reboot now?", "y")
                + "echo \"expect-exit=$?\"\n",
            """
            pacman -Q hello; echo "lvs:"; safeup_lvs
            """);
    assertTrue(boots.get(0).output().contains("rebooting to complete it"), boots.get(0).output());
    String after = boots.get(1).output();
    assertTrue(after.startsWith("hello 1.0-1\nlvs:"), after);
    assertNoSafeupLv(after);
  }
}
