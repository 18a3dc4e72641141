package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Snapshot boots and rollbacks from the boot menu, as a boot menu entry starts them: the guest's
 * kernel command line carries {@code systemd.unit=} the target.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestSnapshotBootTest {
  private static final Map<String, String> SNAPSHOT_BOOT =
      Map.of("SANDBOX_CMDLINE", "systemd.unit=safeup-snapshot.target");
  private static final Map<String, String> ROLLBACK_BOOT =
      Map.of("SANDBOX_CMDLINE", "systemd.unit=safeup-rollback.target");

  @Test
  void aSnapshotBootTakesASetAndANormalBootDoesNot(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    List<Boot> normal =
        boot(
            guest,
            """
            safeup boot enable; echo "enable-exit=$?"
            # --man=no: safeup(8) is not installed in the guest (the package installs it)
            systemd-analyze verify --man=no /etc/systemd/system/safeup-*; echo "verify-exit=$?"
            systemctl reboot
            """,
            """
            safeup status; echo "lvs:"; safeup_lvs
            """);
    String enabled = normal.get(0).output();
    assertTrue(enabled.contains("enable-exit=0"), enabled);
    assertTrue(
        enabled.contains("/etc/systemd/system/safeup-snapshot.target  (installed)"), enabled);
    assertTrue(enabled.contains("verify-exit=0"), "systemd-analyze verify:\n" + enabled);
    assertTrue(normal.get(1).output().startsWith("No snapshot sets"), normal.get(1).output());
    assertNoSafeupLv(normal.get(1).output());

    List<Boot> snapshot =
        boot(
            guest,
            SNAPSHOT_BOOT,
            """
            systemctl is-active safeup-snapshot.target
            journalctl -b -o cat -u safeup-snapshot.service --no-pager
            safeup status
            systemctl reboot
            """,
            """
            journalctl -b -o cat -u safeup-snapshot.service --no-pager
            echo "sets: $(safeup status --json | grep -c '"id"')"
            """);
    String first = snapshot.get(0).output();
    assertTrue(first.startsWith("active\n"), first);
    assertTrue(first.contains(":: Taking snapshot set "), first);
    assertTrue(
        first.contains("Boot snapshot set "), "the unit's messages, in the journal:\n" + first);
    assertTrue(first.contains("before:  a snapshot boot (taken at boot)"), first);
    assertTrue(first.contains("vg0/root-safeup-"), first);
    String second = snapshot.get(1).output();
    assertTrue(second.contains("so this boot takes no set"), second);
    assertTrue(second.contains("sets: 1\n"), second);
  }

  @Test
  void theBootMenusRollbackEntryRollsTheUpdateBackAndReboots(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String updated =
        boot(
                guest,
                """
                safeup boot enable >/dev/null
                safeup --then later pacman --noconfirm -Syu; echo "safeup-exit=$?"
                pacman -Q hello
                """)
            .get(0)
            .output();
    assertTrue(updated.contains("hello 1.1-1"), updated);

    // The first boot rolls back and reboots (it never reaches multi-user.target, so no script
    // runs there); the second finds nothing pending and goes on to the usual system.
    String after =
        boot(
                guest,
                ROLLBACK_BOOT,
                """
                pacman -Q hello; safeup status
                journalctl -b -o cat -u safeup-rollback.service --no-pager
                echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(after.startsWith("hello 1.0-1\nNo snapshot sets"), after);
    assertTrue(after.contains("Nothing to roll back"), "the second boot goes on:\n" + after);
    assertNoSafeupLv(after);
    String console = SandboxScript.read(guest.dir().resolve("console.log"));
    assertTrue(console.contains("as chosen in the boot menu"), "the first boot's console");
    assertTrue(console.contains("Rollback scheduled; rebooting to complete it."), "console");
    assertFalse(console.contains("reboot command"), "the reboot is no failure: " + console);
    assertEquals(1, after.split("Nothing to roll back", -1).length - 1, after);
  }

  @Test
  void aRollbackBootWhoseServiceCannotRunGoesOnToTheUsualSystem(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    boot(guest, "safeup boot enable >/dev/null; chmod -x /usr/bin/safeup");
    String after =
        boot(
                guest,
                ROLLBACK_BOOT,
                """
                chmod +x /usr/bin/safeup
                echo "rollback service: $(systemctl is-failed safeup-rollback.service)"
                echo "usual system: $(systemctl is-active multi-user.target)"
                """)
            .get(0)
            .output();
    assertTrue(after.contains("rollback service: failed\n"), after);
    assertTrue(after.contains("usual system: active\n"), after);
  }

  @Test
  void aSnapshotBootWhoseLvcreateHangsIsStoppedAndTheBootGoesOn(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    boot(
        guest,
        """
        safeup boot enable >/dev/null
        # the unit's own limit is 2 minutes; a shorter one here, the same mechanism
        mkdir -p /etc/systemd/system/safeup-snapshot.service.d
        printf '[Service]\\nTimeoutStartSec=15s\\n' \\
          >/etc/systemd/system/safeup-snapshot.service.d/short.conf
        mkdir -p /usr/local/sbin
        printf '#!/bin/sh\\nsleep 600\\n' >/usr/local/sbin/lvcreate
        chmod +x /usr/local/sbin/lvcreate
        """);
    String after =
        boot(
                guest,
                SNAPSHOT_BOOT,
                """
                rm /usr/local/sbin/lvcreate
                echo "snapshot service: $(systemctl is-failed safeup-snapshot.service)"
                echo "usual system: $(systemctl is-active multi-user.target)"
                journalctl -b -o cat -u safeup-snapshot.service --no-pager | tail -n 5
                echo "lvs:"; safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(after.contains("snapshot service: failed\n"), after);
    assertTrue(after.contains("usual system: active\n"), after);
    assertNoSafeupLv(after);
  }
}
