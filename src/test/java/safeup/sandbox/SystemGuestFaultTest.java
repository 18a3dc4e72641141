package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;

import java.util.List;
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
}
