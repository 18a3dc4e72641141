package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Trial boots over real reboots of the system guest: safeup-trial.service counts each boot early,
 * safeup-trial-check.service judges it once the system is up. An update whose new version fails a
 * required check rolls itself back at the third boot; a good one stays pending through its trials.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestTrialTest {
  /** Waits for this boot's verdict, then shows the trials. */
  private static final String VERDICT =
      """
      systemctl start safeup-trial-check.service
      journalctl -b -o cat -u safeup-trial.service -u safeup-trial-check.service --no-pager \\
        | grep -E 'Trial boot|trial boot|check'
      safeup status | grep -E 'trials:|\\(pending\\)'
      echo "login: $(cat /run/motd.d/safeup)"
      """;

  @Test
  void anUpdateFailingARequiredCheckRollsItselfBackAndAGoodOneStaysPending(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    try {
      Files.copy(
          Path.of("src/main/checks/pacman-database"), guest.dir().resolve("pacman-database"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Boot> boots =
        boot(
            guest,
            """
            mkdir -p /etc/safeup/checks.d/required
            install -m 755 /host/pacman-database /etc/safeup/checks.d/required/
            printf '%s\\n' '#!/bin/sh' 'out=$(hello)' \\
              '[ "$out" = "hello 1.0" ] || { echo "hello says: $out"; exit 1; }' \\
              >/etc/safeup/checks.d/required/hello-works
            chmod 755 /etc/safeup/checks.d/required/hello-works
            safeup boot enable >/dev/null
            safeup --then later pacman --noconfirm -Sy hello >/dev/null; echo "update-exit=$?"
            systemctl reboot
            """,
            VERDICT + "systemctl reboot\n",
            VERDICT + "systemctl reboot\n",
            // The next boot rolls back and reboots before any script: this runs on the one after.
            """
            echo "after: $(pacman -Q hello)"
            echo "login: $(cat /run/motd.d/safeup)"
            cd /var/log/safeup/rollback-* && stat -c '%A %n' *
            echo "failed: $(grep -c 'failed (exit 1): hello says: hello 1.1' journal.txt)"
            grep -o 'upgraded hello.*' pacman.log; grep why: report.txt; cd /
            journalctl -b -o cat -u safeup-trial.service --no-pager
            safeup status
            echo "lvs:"; safeup_lvs
            safeup --then later pacman --noconfirm -Sy world >/dev/null; echo "good-update-exit=$?"
            systemctl reboot
            """,
            VERDICT + "systemctl reboot\n",
            VERDICT
                + "pacman -Q world; safeup keep; echo \"keep-exit=$?\"; echo lvs:; safeup_lvs\n"
                + "systemctl reboot\n",
            // Nothing of safeup's left in LVM: the trial units start no safeup at all.
            """
            systemctl start safeup-trial-check.service
            for unit in safeup-trial.service safeup-trial-check.service; do
              echo "$unit: $(systemctl show -p Result --value $unit)," \
                "$(journalctl -b -o cat -u $unit --no-pager | grep -c 'no trial') lines"
            done
            """);
    assertEquals(7, boots.size(), boots.toString());
    assertTrue(boots.get(0).output().contains("update-exit=0\n"), boots.get(0).output());

    String first = boots.get(1).output();
    assertTrue(first.contains("Trial boot 1 of snapshot set "), first);
    assertTrue(
        first.contains("required/hello-works failed (exit 1): hello says:" + " hello 1.1"), first);
    assertTrue(first.contains("1 of 2 failed trials"), first);
    assertTrue(first.contains("trials:  1 of 1 failed; last: required/hello-works"), first);
    assertTrue(first.contains("login: safeup: the update made by 'pacman --noconfirm -Sy hello'"));
    assertTrue(first.contains("Keep it: safeup keep   Undo it: safeup rollback\n"), first);

    String second = boots.get(2).output();
    assertTrue(second.contains("Trial boot 2 of snapshot set "), second);
    assertTrue(second.contains("2 of 2 failed trials): the next boot rolls it back"), second);
    assertTrue(second.contains("trials:  2 of 2 failed"), second);

    String console = SandboxScript.read(guest.dir().resolve("console.log"));
    assertTrue(console.contains("failed 2 trial boots (TrialBoots = 2): rolling it back"), console);
    assertFalse(console.contains("reboot command"), console);
    String after = boots.get(3).output();
    assertTrue(after.startsWith("after: hello 1.0-1\n"), after);
    assertTrue(after.contains("No snapshot set is pending: this boot is no trial."), after);
    assertTrue(after.contains("was rolled back (merge scheduled "), after);
    assertTrue(
        after.contains(
            "after 2 failed trial boots; last: required/hello-works failed (exit"
                + " 1): hello says: hello 1.1. What its boots logged, and why:"
                + " /var/log/safeup/rollback-"),
        "the first login after it says what went back, when and why: " + after);
    assertTrue(after.contains("No snapshot sets"), after);
    assertTrue(after.contains("good-update-exit=0"), after);
    assertTrue(after.contains("What its boots logged, and why: /var/log/safeup/rollback-"), after);
    assertTrue(
        after.contains("-rw-r----- journal.txt\n-rw-r----- pacman.log\n-rw-r----- report.txt\n"),
        "the evidence came back with the merge: " + after);
    assertTrue(
        after.contains("upgraded hello (1.0-1 -> 1.1-1)\nwhy:   after 2 failed trial"), after);
    assertTrue(after.contains("failed: 2\n"), "both failed boots' checks: " + after);

    String good = boots.get(4).output();
    assertTrue(good.contains("Trial boot 1 of snapshot set "), good);
    assertTrue(good.contains(" is good."), good);
    assertTrue(good.contains("trials:  1 boot, good"), good);
    String last = boots.get(5).output();
    assertTrue(last.contains("trials:  2 boots, both good"), last);
    assertTrue(last.contains("(pending)"), "a good trial keeps the decision the user's: " + last);
    assertTrue(last.contains("world 1.1-1\n"), last);
    assertTrue(last.contains("keep-exit=0"), last);
    assertNoSafeupLv(last);
    String quiet = boots.get(6).output();
    assertTrue(quiet.contains("safeup-trial.service: exec-condition, 0 lines\n"), quiet);
    assertTrue(quiet.contains("safeup-trial-check.service: exec-condition, 0 lines\n"), quiet);
  }
}
