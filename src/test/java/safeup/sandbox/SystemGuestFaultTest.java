package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.INSTALL_HOOKS;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.copyHooks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Faults injected into a rollback on the system guest's live root: safeup killed, and the power
 * cut, right after the merge is scheduled and before /boot is put back. Each time the volume
 * group's record makes every tool name the one command that finishes it, and that command does.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestFaultTest {

  /**
   * An lvconvert that, after a real merge is scheduled, kills its caller (safeup) when
   * /run/fault-kill exists, or cuts the power (an immediate reboot, nothing synced) when
   * /run/fault-cut does. /run is empty again after a boot.
   */
  private static final String FAULTY_LVCONVERT =
      """
      cat >/usr/local/sbin/lvconvert <<'EOF'
      #!/bin/sh
      PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/bin/env lvconvert "$@"; rc=$?
      case "$*" in *--merge*)
        if [ -e /run/fault-kill ]; then kill -9 "$PPID"; fi
        if [ -e /run/fault-cut ]; then
          echo 1 >/proc/sys/kernel/sysrq; echo b >/proc/sysrq-trigger; sleep 60
        fi
      esac
      exit $rc
      EOF
      chmod 755 /usr/local/sbin/lvconvert
      export PATH=/usr/local/sbin:$PATH
      """;

  @Test
  void aRollbackKilledOrCutOffBeforeBootIsPutBackIsFinishedByTheCommandEveryToolNames(
      TestInfo test) {
    List<Boot> boots =
        boot(
            SystemGuestBootTest.kernelGuest(test, Layout.THICK),
            SystemGuestBootTest.KERNEL_PRELUDE
                + FAULTY_LVCONVERT
                + """
                install_old_kernel
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                touch /run/fault-kill
                safeup rollback --yes >/dev/null 2>&1; echo "killed-exit=$?"
                rm /run/fault-kill
                describe killed
                safeup status
                safeup hook guard; echo "guard-exit=$?"
                safeup keep; echo "keep-exit=$?"
                safeup rollback --yes; echo "finish-exit=$?"; sleep 120
                """,
            SystemGuestBootTest.KERNEL_PRELUDE
                + FAULTY_LVCONVERT
                + """
                describe after-kill
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                touch /run/fault-cut
                safeup rollback --yes; echo "the power stayed on"; sleep 120
                """,
            SystemGuestBootTest.KERNEL_PRELUDE
                + """
                describe cut
                safeup status
                safeup doctor | grep -F 'snapshot sets'
                safeup hook guard; echo "guard-exit=$?"
                safeup pacman --noconfirm -S hello; echo "pacman-exit=$?"
                safeup rollback --yes; echo "finish-exit=$?"; sleep 120
                """,
            SystemGuestBootTest.KERNEL_PRELUDE
                + """
                describe after-cut
                safeup status
                echo "vg tags: $(vgs --noheadings -o vg_tags vg0 | tr -d ' ')"
                echo "lvs:"; safeup_lvs
                """);
    assertEquals(4, boots.size(), boots.toString());
    String first = boots.get(0).output();
    assertTrue(first.contains("update-exit=0\n"), first);
    assertTrue(first.contains("killed-exit=137\n"), "SIGKILL at the merge:\n" + first);
    assertTrue(first.contains("killed: linux kernel 6.2"), "/boot not yet put back:\n" + first);
    assertTrue(first.contains("(rollback interrupted: run 'safeup rollback' to finish it)"), first);
    assertTrue(first.contains("guard-exit=3"), first);
    assertTrue(first.contains("keep-exit=3"), first);
    assertTrue(first.contains("Putting /boot back as it was before the update"), first);

    String second = boots.get(1).output();
    assertTrue(
        second.contains(
            "after-kill: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules"
                + " 6.1-arch |"),
        second);
    assertTrue(second.contains("update-exit=0"), second);
    assertFalse(second.contains("the power stayed on"), second);

    String third = boots.get(2).output();
    assertTrue(
        third.contains("cut: linux kernel 6.2 | linux initramfs 6.2 | modules 6.1-arch"),
        "the merge completed, /boot was not put back:\n" + third);
    assertTrue(third.contains("its merge is complete, but /boot was not put back"), third);
    assertTrue(third.contains("next:    safeup rollback "), third);
    assertTrue(third.contains("FAIL"), third);
    assertTrue(third.contains("guard-exit=3"), third);
    assertTrue(third.contains("pacman-exit=3"), third);
    assertTrue(third.contains("Finishing the rollback of snapshot set"), third);

    String fourth = boots.get(3).output();
    assertTrue(
        fourth.contains(
            "after-cut: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules"
                + " 6.1-arch |"),
        fourth);
    assertTrue(fourth.contains("No snapshot sets"), fourth);
    assertTrue(fourth.contains("vg tags: \n"), fourth);
    assertNoSafeupLv(fourth);
  }

  /**
   * {@code rollback --no-reboot} puts /boot back at once while the system keeps running and its
   * snapshot keeps filling: once it overflows, LVM will abort the merge at the next boot. status
   * names the way out, pacman may run to follow it, and keep removes the set after the reboot.
   */
  @Test
  void aSnapshotOverflowingAfterRollbackNoRebootLeavesAWayOutThatStatusNames(TestInfo test) {
    SystemGuest guest = SystemGuestBootTest.kernelGuest(test, Layout.THICK);
    copyHooks(guest);
    List<Boot> boots =
        boot(
            guest,
            SystemGuestBootTest.KERNEL_PRELUDE
                + "install_old_kernel\n"
                + INSTALL_HOOKS
                + """
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                safeup rollback --yes --no-reboot >/dev/null; echo "rollback-exit=$?"
                describe scheduled
                for i in $(seq 1 16); do
                  dd if=/dev/urandom of=/var/filler-$i bs=1M count=32 conv=fsync 2>/dev/null
                  lvs --noheadings -o lv_attr vg0 | grep -q 'S.*I' && break
                done
                safeup status
                safeup keep; echo "keep-exit=$?"
                pacman --noconfirm -S linux 2>&1 | grep -F 'safeup:'; echo "pacman: $(pacman -Q linux)"
                describe reinstalled
                systemctl reboot; sleep 120
                """,
            SystemGuestBootTest.KERNEL_PRELUDE
                + """
                describe rebooted
                ls /var | grep -c filler
                safeup keep; echo "keep-exit=$?"
                echo "lvs:"; safeup_lvs
                """);
    String first = boots.get(0).output();
    assertTrue(first.contains("update-exit=0\nrollback-exit=0\n"), first);
    assertTrue(first.contains("scheduled: linux kernel 6.1"), "/boot put back at once:\n" + first);
    assertTrue(first.contains("merge failed: a snapshot overflowed"), first);
    assertTrue(first.contains("next:    pacman -S $(cat /usr/lib/modules/*/pkgbase)"), first);
    assertTrue(first.contains("keep-exit=8"), first);
    assertTrue(first.contains("cannot be removed yet"), first);
    assertTrue(first.contains("no set is taken for this transaction"), first);
    assertTrue(first.contains("pacman: linux 6.2-1"), first);
    assertTrue(first.contains("reinstalled: linux kernel 6.2 | linux initramfs 6.2"), first);
    String second = boots.get(1).output();
    assertTrue(
        second.contains("rebooted: linux kernel 6.2 | linux initramfs 6.2 | modules 6.2-arch"),
        "the merge was aborted and /boot matches the system that stayed:\n" + second);
    assertTrue(second.contains("keep-exit=0"), second);
    assertNoSafeupLv(second);
  }

  /**
   * The power cut in the middle of {@code safeup pacman -Syu}, by a package whose install does it:
   * the half-updated system boots, its set is pending and marked in GRUB's environment (the boot
   * menu's rollback entry), and a rollback brings back the old packages, with /boot matching them.
   */
  @Test
  void aPowerCutDuringPacmanLeavesASetThatRollsTheHalfUpdatedSystemBack(TestInfo test) {
    SystemGuest guest = SystemGuestBootTest.kernelGuest(test, Layout.THICK);
    guest.publish("powercut", "1.0-1");
    List<Boot> boots =
        boot(
            guest,
            SystemGuestBootTest.KERNEL_PRELUDE
                + """
                install_old_kernel
                mkdir -p /boot/grub && grub-editenv /boot/grub/grubenv create
                touch /run/fault-cut
                safeup --then later pacman --noconfirm -Syu powercut >/dev/null 2>&1
                echo "the power stayed on"; sleep 120
                """,
            SystemGuestBootTest.KERNEL_PRELUDE
                + """
                pacman -Q powercut 2>&1
                grub-editenv /boot/grub/grubenv list
                safeup status | grep -F '(pending)'
                safeup rollback --yes >/dev/null; echo "rollback-exit=$?"; sleep 120
                """,
            SystemGuestBootTest.KERNEL_PRELUDE
                + """
                describe rolled-back; pacman -Q linux gpu; pacman -Q powercut 2>&1
                pacman -Dk 2>&1
                pacman -Qk linux gpu 2>&1
                grub-editenv /boot/grub/grubenv list | grep -c safeup_pending
                echo "lvs:"; safeup_lvs
                """);
    assertEquals(3, boots.size(), boots.toString());
    assertFalse(boots.get(0).output().contains("the power stayed on"), boots.get(0).output());
    String second = boots.get(1).output();
    assertTrue(second.contains("safeup_pending="), "the menu's rollback entry:\n" + second);
    assertTrue(second.contains("(pending)"), second);
    assertTrue(second.contains("rollback-exit=0"), second);
    String third = boots.get(2).output();
    assertTrue(
        third.contains(
            "rolled-back: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules"
                + " 6.1-arch |"),
        third);
    assertTrue(third.contains("linux 6.1-1\ngpu 1.0-1\n"), third);
    assertTrue(third.contains("error: package 'powercut' was not found"), third);
    assertTrue(third.contains("No database errors have been found!"), third);
    assertTrue(third.contains("linux: ") && third.contains(" 0 missing files"), third);
    assertTrue(third.contains("\n0\n"), "the mark is cleared:\n" + third);
    assertNoSafeupLv(third);
  }

  /**
   * lvcreate, lvremove and lvconvert that, after doing their real work, kill their caller (safeup)
   * once when /run/fault-kill-COMMAND exists, or cut the power when /run/fault-cut-COMMAND does.
   */
  private static final String KILLING_LVM =
      """
      for cmd in lvcreate lvremove lvconvert; do
        cat >/usr/local/sbin/$cmd <<'EOF'
      #!/bin/sh
      cmd=${0##*/}
      PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/bin/env "$cmd" "$@"; rc=$?
      if [ -e "/run/fault-kill-$cmd" ]; then rm "/run/fault-kill-$cmd"; kill -9 "$PPID"; fi
      if [ -e "/run/fault-cut-$cmd" ]; then
        echo 1 >/proc/sys/kernel/sysrq; echo b >/proc/sysrq-trigger; sleep 60
      fi
      exit $rc
      EOF
        chmod 755 /usr/local/sbin/$cmd
      done
      export PATH=/usr/local/sbin:$PATH
      """;

  /**
   * safeup killed at each step that changes LVM, on a set of two volumes: after the first snapshot,
   * after the first removal of a keep, and between the two merges of a rollback. Each time status
   * says where the set stands, and the command it names finishes the job.
   */
  @Test
  void safeupKilledAfterAnyLvmStepLeavesASetThatTheNamedCommandFinishes(TestInfo test) {
    SystemGuest guest = SystemGuestScripts.guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            KILLING_LVM
                + """
                lvcreate -q -y -n data -L 64M vg0 >/dev/null && mkfs.ext4 -q /dev/vg0/data
                mkdir -p /data && mount /dev/vg0/data /data && echo before >/data/file
                printf '[options]\\nVolumes = vg0/root vg0/data\\nSnapshotSize = 64M\\n' >/etc/safeup.conf
                touch /run/fault-kill-lvcreate
                safeup --then later pacman --noconfirm -Sy hello >/dev/null 2>&1
                echo "killed-at-snapshot=$? $(pacman -Q hello)"
                safeup status | grep -E '^::|next:'
                safeup keep >/dev/null; echo "keep-exit=$?"

                safeup --then later pacman --noconfirm -Sy hello >/dev/null; echo "update-exit=$?"
                touch /run/fault-kill-lvremove
                safeup keep >/dev/null 2>&1; echo "killed-at-keep=$?"
                safeup status | grep -E '^::|next:'
                safeup keep >/dev/null; echo "keep-exit=$?"

                safeup --then later pacman --noconfirm -Sy world >/dev/null; echo "update-exit=$?"
                echo after >/data/file
                touch /run/fault-kill-lvconvert
                safeup rollback --yes >/dev/null 2>&1; echo "killed-between-merges=$?"
                safeup status | grep -E '^::|next:'
                safeup rollback --yes >/dev/null; echo "finish-exit=$?"; sleep 120
                """,
            """
            mount /dev/vg0/data /data && cat /data/file
            pacman -Q hello world
            pacman -Dk 2>&1
            safeup status
            echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    assertTrue(first.contains("killed-at-snapshot=137 hello 1.0-1\n"), first);
    assertTrue(first.contains("(incomplete: safeup was interrupted)"), first);
    assertTrue(first.contains("killed-at-keep=137"), first);
    assertTrue(first.contains("killed-between-merges=137"), first);
    assertTrue(first.contains("(rollback interrupted: run 'safeup rollback' to finish it)"), first);
    assertEquals(2, first.split("keep-exit=0", -1).length - 1, first);
    assertTrue(first.contains("finish-exit=0"), first);
    String second = boots.get(1).output();
    assertTrue(second.contains("before\n"), "the data volume rolled back too:\n" + second);
    assertTrue(second.contains("hello 1.1-1\nworld 1.0-1\n"), second);
    assertTrue(second.contains("No database errors have been found!"), second);
    assertTrue(second.contains("No snapshot sets"), second);
    assertNoSafeupLv(second);
  }

  /**
   * The power cut right after the first snapshot of two, right after the first removal of a keep,
   * and between the two merges of a rollback: each time the system boots, status says where the set
   * stands, and the command it names finishes it.
   */
  @Test
  void aPowerCutAfterAnyLvmStepLeavesASetThatTheNamedCommandFinishes(TestInfo test) {
    SystemGuest guest = SystemGuestScripts.guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            KILLING_LVM
                + """
                lvcreate -q -y -n data -L 64M vg0 >/dev/null && mkfs.ext4 -q /dev/vg0/data
                printf '[options]\\nVolumes = vg0/root vg0/data\\nSnapshotSize = 64M\\n' >/etc/safeup.conf
                touch /run/fault-cut-lvcreate
                safeup --then later pacman --noconfirm -Sy hello >/dev/null 2>&1
                echo "the power stayed on"; sleep 120
                """,
            KILLING_LVM
                + """
                echo "after-snapshot: $(pacman -Q hello)"
                safeup status | grep -E '^::|next:'
                safeup keep >/dev/null; echo "keep-exit=$?"
                safeup --then later pacman --noconfirm -Sy hello >/dev/null; echo "update-exit=$?"
                touch /run/fault-cut-lvremove
                safeup keep >/dev/null 2>&1
                echo "the power stayed on"; sleep 120
                """,
            KILLING_LVM
                + """
                echo "after-keep: $(pacman -Q hello)"
                safeup status | grep -E '^::|next:'
                safeup keep >/dev/null; echo "keep-exit=$?"
                safeup --then later pacman --noconfirm -Sy world >/dev/null; echo "update-exit=$?"
                touch /run/fault-cut-lvconvert
                safeup rollback --yes >/dev/null 2>&1
                echo "the power stayed on"; sleep 120
                """,
            """
            echo "after-merge: $(pacman -Q world)"
            safeup status | grep -E '^::|next:'
            safeup rollback --yes >/dev/null; echo "finish-exit=$?"; sleep 120
            """,
            """
            pacman -Q hello world
            pacman -Dk 2>&1
            echo "lvs:"; safeup_lvs
            """);
    assertEquals(5, boots.size(), boots.toString());
    assertFalse(boots.get(0).output().contains("the power stayed on"), boots.get(0).output());
    String second = boots.get(1).output();
    assertTrue(second.contains("after-snapshot: hello 1.0-1\n"), "pacman never ran:\n" + second);
    assertTrue(second.contains("(incomplete: safeup was interrupted)"), second);
    assertTrue(second.contains("keep-exit=0\nupdate-exit=0\n"), second);
    assertFalse(second.contains("the power stayed on"), second);
    String third = boots.get(2).output();
    assertTrue(third.contains("after-keep: hello 1.1-1\n"), third);
    assertTrue(third.contains("(incomplete: safeup was interrupted)"), third);
    assertTrue(third.contains("keep-exit=0\nupdate-exit=0\n"), third);
    assertFalse(third.contains("the power stayed on"), third);
    String fourth = boots.get(3).output();
    assertTrue(
        fourth.contains("(rollback interrupted: run 'safeup rollback' to finish it)"), fourth);
    assertTrue(fourth.contains("finish-exit=0"), fourth);
    String fifth = boots.get(4).output();
    assertTrue(fifth.contains("hello 1.1-1\nworld 1.0-1\n"), fifth);
    assertTrue(fifth.contains("No database errors have been found!"), fifth);
    assertNoSafeupLv(fifth);
  }

  /**
   * The disk under a snapshot starts returning I/O errors: a second volume group on a device-mapper
   * device whose extents under the snapshot are switched to the {@code error} target. The kernel
   * invalidates the snapshot; the set can no longer be rolled back, safeup says so, never rolls
   * back half of it, and keep removes it.
   */
  @Test
  void aDiskReturningErrorsUnderASnapshotInvalidatesTheSetAndKeepRemovesIt(TestInfo test) {
    SystemGuest guest = SystemGuestScripts.guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                lvcreate -q -y -n pv2store -L 128M vg0 >/dev/null
                sectors=$(blockdev --getsz /dev/vg0/pv2store)
                dmsetup create pv2 --table "0 $sectors linear /dev/vg0/pv2store 0"
                pvcreate -q /dev/mapper/pv2 && vgcreate -q vgf /dev/mapper/pv2 && echo "vgf made"
                lvcreate -q -y -n data -L 32M vgf >/dev/null && mkfs.ext4 -q /dev/vgf/data
                mkdir -p /data && mount /dev/vgf/data /data && echo before >/data/file && sync
                printf '[options]\\nVolumes = vg0/root vgf/data\\nSnapshotSize = 32M\\n' >/etc/safeup.conf
                safeup --then later pacman --noconfirm -Sy hello >/dev/null; echo "update-exit=$?"
                snap=$(lvs --noheadings -o lv_name vgf | grep safeup | tr -d ' ')
                range=$(lvs --noheadings -o seg_pe_ranges "vgf/$snap" | tr -d ' ')
                first=${range##*:}; first=${first%-*}; last=${range##*-}
                pe=$(vgs --noheadings --units s --nosuffix -o vg_extent_size vgf | tr -d ' ')
                start=$(pvs --noheadings --units s --nosuffix -o pe_start /dev/mapper/pv2 | tr -d ' ')
                a=$((start + first * pe)); n=$(((last - first + 1) * pe))
                dmsetup suspend pv2
                printf '0 %s linear /dev/vg0/pv2store 0\\n%s %s error\\n%s %s linear /dev/vg0/pv2store %s\\n' \\
                  "$a" "$a" "$n" "$((a + n))" "$((sectors - a - n))" "$((a + n))" | dmsetup reload pv2
                dmsetup resume pv2 && echo "the snapshot's extents fail"
                echo after >/data/file; sync
                dd if=/dev/urandom of=/data/more bs=1M count=4 conv=fsync 2>/dev/null
                safeup status | grep -E '^::|vgf|next:'
                safeup rollback --yes; echo "rollback-exit=$?"
                lvs --noheadings -o lv_merging vg0 vgf | grep -c merging || true
                safeup keep >/dev/null; echo "keep-exit=$?"
                cat /data/file; pacman -Q hello
                echo "lvs:"; lvs --noheadings -o lv_name,lv_tags vg0 vgf | grep safeup || true
                """)
            .get(0)
            .output();
    assertTrue(out.contains("vgf made\nupdate-exit=0\n"), out);
    assertTrue(out.contains("the snapshot's extents fail"), out);
    assertTrue(
        out.contains(": INVALID (overflowed, or its disk failed;"),
        "the kernel invalidated it:\n" + out);
    assertTrue(out.contains("\n0\nkeep-exit=0"), "nothing was merged:\n" + out);
    assertTrue(out.contains("rollback-exit=7"), out);
    assertTrue(out.contains("can no longer be rolled back; 'safeup keep' removes it"), out);
    assertTrue(out.contains("keep-exit=0"), out);
    assertTrue(out.contains("after\nhello 1.1-1\n"), "the update stays, whole:\n" + out);
    assertNoSafeupLv(out);
  }

  /**
   * pacman killed in the middle of a transaction (by a package's install script) leaves a half-done
   * transaction and its lock file: the set stays pending, a rollback goes past the lock that no
   * process holds, and after the reboot pacman's database and files are the old ones.
   */
  @Test
  void pacmanKilledMidTransactionIsRolledBackPastItsStaleLock(TestInfo test) {
    SystemGuest guest = SystemGuestScripts.guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("killpacman", "1.0-1");
    List<Boot> boots =
        boot(
            guest,
            """
            touch /run/fault-kill-pacman
            safeup --then later pacman --noconfirm -Sy hello killpacman >/dev/null 2>&1
            echo "pacman-exit=$?"
            [ -e /var/lib/pacman/db.lck ] && echo "a stale lock is left"
            safeup status | grep -E '^::|next:'
            safeup rollback --yes 2>&1 | grep -E 'stale|Rolling back'; sleep 120
            """,
            """
            pacman -Q hello; pacman -Q killpacman 2>&1
            [ -e /var/lib/pacman/db.lck ] || echo "no lock"
            pacman -Dk 2>&1
            pacman -Qk hello 2>&1
            echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    assertTrue(first.contains("pacman-exit=137"), first);
    assertTrue(first.contains("a stale lock is left"), first);
    assertTrue(first.contains("(pending)"), first);
    assertTrue(first.contains("is stale: no process holds it"), first);
    assertTrue(first.contains("Rolling back"), first);
    String second = boots.get(1).output();
    assertTrue(second.contains("hello 1.0-1\nerror: package 'killpacman' was not found"), second);
    assertTrue(second.contains("no lock"), second);
    assertTrue(second.contains("No database errors have been found!"), second);
    assertTrue(second.contains("hello: ") && second.contains(" 0 missing files"), second);
    assertNoSafeupLv(second);
  }

  /**
   * The power cut in the middle of putting /boot back, after the root's merge is scheduled: /boot
   * holds the update's kernel with the old initramfs, and the root the next boot activates has the
   * old modules. GRUB's environment then makes the boot menu start the copy of /boot saved on the
   * root (read here with GRUB's own drivers, as GRUB reads it) into the rollback target, which
   * finishes the put back and reboots into the old kernel.
   */
  @Test
  void aPowerCutWhileBootIsPutBackBootsTheSavedKernelWhichFinishesTheRollback(TestInfo test) {
    SystemGuest guest = SystemGuestBootTest.kernelGuest(test, Layout.THICK);
    SystemGuestBootTest.keepOld(guest, "intel-ucode", "1.0-1");
    guest.publish("intel-ucode", "1.1-1");
    String first =
        boot(
                guest,
                SystemGuestBootTest.KERNEL_PRELUDE
                    + SystemGuestGrubTest.GRUB_SETUP
                    + """
                    install_old_kernel
                    pacman -U --noconfirm /host/old/intel-ucode-1.0-1-any.pkg.tar.zst >/dev/null 2>&1
                    grub-editenv /boot/grub/grubenv create
                    grub-mkconfig -o /boot/grub/grub.cfg >/dev/null 2>&1; echo "mkconfig-exit=$?"
                    grub-script-check /boot/grub/grub.cfg && echo "grub-script-check passed"
                    cp /boot/grub/grub.cfg /host/grub.cfg
                    safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                    describe updated
                    echo "save: $(ls /var/lib/safeup/boot)"
                    # The cut: as soon as the old initramfs is back, while the microcode is copied
                    old=$(head -n 1 /var/lib/safeup/boot/*/files/boot/initramfs-linux.img)
                    ( while [ "$(head -n 1 /boot/initramfs-linux.img)" != "$old" ]; do :; done
                      echo 1 >/proc/sys/kernel/sysrq; echo o >/proc/sysrq-trigger ) &
                    sync
                    safeup rollback --yes; echo "the power stayed on"; sleep 120
                    """)
            .get(0)
            .output();
    assertTrue(first.contains("mkconfig-exit=0\ngrub-script-check passed\n"), first);
    assertTrue(first.contains("update-exit=0\n"), first);
    assertTrue(first.contains("updated: linux kernel 6.2"), first);
    assertFalse(first.contains("the power stayed on"), first);
    String id = first.substring(first.indexOf("save: ") + 6).lines().findFirst().orElseThrow();
    String copy = "/var/lib/safeup/boot/" + id + "/files/boot";

    // What the next boot's GRUB reads: a /boot half put back, the flag, and the saved kernel.
    assertEquals(
        "linux kernel 6.2",
        firstLine(guest.grubReads("(boot)/vmlinuz-linux")),
        "the put back had not reached the kernel");
    // The initramfs before it was replaced: vfat, which has no journal, may show the old one, the
    // update's, or an empty file (all three seen). What GRUB boots is the copy on the root.
    assertTrue(
        new String(guest.grubReads("(boot)/grub/grubenv"), StandardCharsets.ISO_8859_1)
            .contains("\nsafeup_put_back=" + copy + "\n"),
        "the flag is on the disk");
    assertEquals("linux kernel 6.1", firstLine(guest.grubReads(copy + "/vmlinuz-linux")));
    assertEquals(
        "linux initramfs rebuilt for gpu 1.0-1",
        firstLine(guest.grubReads(copy + "/initramfs-linux.img")));
    assertEquals("intel-ucode 1.0", firstLine(guest.grubReads(copy + "/intel-ucode.img")));

    // The entry that boots them, the default while the flag is set.
    String cfg = SandboxScript.read(guest.dir().resolve("grub.cfg"));
    String guard = "if [ -n \"${safeup_put_back}\" ]; then\n  export safeup_put_back\n";
    assertTrue(cfg.contains(guard), cfg);
    String flagged = cfg.substring(cfg.indexOf(guard));
    List<String> entry =
        SystemGuestGrubTest.entry(flagged, "Arch Linux, finish rolling back the last update");
    assertEquals(
        List.of(
            "linux",
            "${safeup_put_back}/vmlinuz-linux",
            "root=/dev/mapper/vg0-root",
            "ro",
            "rd.lvm.lv=vg0/root",
            "loglevel=3",
            "quiet",
            "systemd.unit=safeup-rollback.target"),
        SystemGuestGrubTest.words(entry, "linux"));
    assertEquals(
        List.of(
            "initrd",
            "${safeup_put_back}/intel-ucode.img",
            "${safeup_put_back}/initramfs-linux.img"),
        SystemGuestGrubTest.words(entry, "initrd"));
    assertTrue(String.join("\n", entry).contains("insmod lvm"), "read from the root LV: " + entry);
    assertTrue(flagged.contains("\tset fallback=\"${default}\"\n\tset default='safeup-put-back-"));

    // The boot that entry starts finishes the rollback and reboots; the one after is the old
    // system.
    String after =
        boot(
                guest,
                Map.of("SANDBOX_CMDLINE", "systemd.unit=safeup-rollback.target"),
                SystemGuestBootTest.KERNEL_PRELUDE
                    + """
                    describe after
                    echo "microcode: $(head -n 1 /boot/intel-ucode.img)"
                    echo "grubenv: $(grub-editenv /boot/grub/grubenv list | tr '\\n' ' ')"
                    echo "vg tags: $(vgs --noheadings -o vg_tags vg0 | tr -d ' ')"
                    pacman -Q linux gpu intel-ucode
                    safeup status
                    echo "lvs:"; safeup_lvs
                    """)
            .get(0)
            .output();
    String console = SandboxScript.read(guest.dir().resolve("console.log"));
    assertTrue(console.contains("Finishing the rollback of snapshot set " + id), console);
    assertTrue(console.contains("/boot is put back; rebooting into the old kernel."), console);
    assertFalse(console.contains("reboot command"), "the reboot is no failure: " + console);
    assertTrue(
        after.contains(
            "after: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules 6.1-arch |"),
        after);
    assertTrue(after.contains("microcode: intel-ucode 1.0\n"), after);
    assertTrue(after.contains("grubenv: \n"), "neither flag is left: " + after);
    assertTrue(after.contains("vg tags: \n"), after);
    assertTrue(after.contains("linux 6.1-1\ngpu 1.0-1\nintel-ucode 1.0-1\n"), after);
    assertTrue(after.contains("No snapshot sets"), after);
    assertNoSafeupLv(after);
  }

  private static String firstLine(byte[] content) {
    return new String(content, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
  }
}
