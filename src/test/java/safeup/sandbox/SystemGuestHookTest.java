package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.INSTALL_HOOKS;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.copyHooks;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * safeup's pacman hooks (src/main/alpm) with the real pacman on the live root, and a front end that
 * calls {@code sudo pacman} several times under {@code safeup paru}.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestHookTest {

  /**
   * A user in group wheel, a stand-in for sudo (root through su, with the environment reset and
   * SUDO_USER set, as sudo does) and one for paru (it refuses root and calls sudo pacman three
   * times, as paru does for -Syu and two targets).
   */
  private static final String FRONT_END =
      """
      groupadd -f wheel
      useradd -m -G wheel alice
      sed -i '/pam_rootok.so/a auth sufficient pam_wheel.so trust use_uid group=wheel' /etc/pam.d/su /etc/pam.d/su-l
      cat >/usr/local/bin/sudo <<'EOF'
      #!/bin/bash
      exec su - root -c "export SUDO_USER=$(id -un); exec $(printf '%q ' "$@")"
      EOF
      cat >/usr/bin/paru <<'EOF'
      #!/bin/bash
      if [ "$(id -u)" -eq 0 ]; then echo "error: can't run paru as root" >&2; exit 1; fi
      echo "paru as $(id -un), HOME=$HOME, arguments: $*"
      sudo pacman -Sy || exit
      sudo pacman --noconfirm -S hello || exit
      sudo pacman --noconfirm -S world
      EOF
      chmod 755 /usr/local/bin/sudo /usr/bin/paru
      """;

  @Test
  void plainPacmanGetsASetThatKeepAndRollbackDecideAndPacmanWorksAfterTheRollback(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    copyHooks(guest);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            INSTALL_HOOKS
                + """
                pacman --noconfirm -Sy hello; echo "pacman-exit=$?"
                safeup status
                safeup keep; echo "keep-exit=$?"
                pacman --noconfirm -S world; echo "pacman-exit=$?"
                echo "sets: $(safeup status --json | grep -c '"id"')"
                safeup rollback --yes --no-reboot; echo "rollback-exit=$?"
                pacman --noconfirm -S hello; echo "refused-exit=$?"
                pacman -Q hello world
                systemctl reboot
                """,
            """
            pacman -Q hello world
            if [ -e /var/lib/pacman/db.lck ]; then echo "stale db.lck"; else echo "no db.lck"; fi
            SAFEUP_SKIP_HOOK=1 pacman --noconfirm -S world; echo "skip-exit=$?"
            echo "sets: $(safeup status --json | grep -c '"id"')"
            safeup --then later pacman --noconfirm -S hello; echo "wrapped-exit=$?"
            echo "sets: $(safeup status --json | grep -c '"id"')"
            printf '[options]\\nPacmanLockWait = 2\\n' >/tmp/wait.conf
            # as if a plain pacman were installing: libalpm holds its lock file open meanwhile
            sleep 600 9>/var/lib/pacman/db.lck & holder=$!
            safeup -c /tmp/wait.conf rollback --yes --no-reboot; echo "locked-rollback-exit=$?"
            safeup -c /tmp/wait.conf keep; echo "locked-keep-exit=$?"
            kill "$holder"; wait "$holder" 2>/dev/null; rm /var/lib/pacman/db.lck
            echo "pending: $(safeup status --json | grep -c '"state" *: *"pending"')"
            safeup keep >/dev/null; echo "keep-exit=$?"
            pacman -Q hello world
            printf '[options]\\nSnapshotSize = 16M\\nExtendAt = off\\n' >/tmp/small.conf
            safeup -c /tmp/small.conf --then later pacman --noconfirm -S world >/dev/null
            dd if=/dev/urandom of=/var/tmp/fill bs=1M count=40 status=none; sync; rm /var/tmp/fill
            pacman --noconfirm -S hello >/tmp/out 2>&1; echo "uncovered-exit=$?"
            grep -o 'is pending but cannot be rolled back ([a-z]*' /tmp/out
            safeup keep >/dev/null; echo "keep-invalid-exit=$?"
            echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    // A plain pacman: the hook takes a set, with no prompt, and status shows it.
    assertTrue(first.contains("taken before this transaction"), first);
    assertTrue(first.contains("removed pacman's lock /var/lib/pacman/db.lck"), first);
    assertTrue(
        first.contains("before:  pacman --noconfirm -Sy hello (taken by the pacman hook)"), first);
    assertTrue(first.contains("keep-exit=0"), first);
    assertTrue(first.contains("sets: 1\n"), first);
    assertTrue(first.contains("rollback-exit=0"), first);
    // While the rollback is scheduled, the guard refuses and pacman changes nothing.
    assertTrue(first.contains("a rollback to snapshot set"), first);
    assertTrue(first.contains("reboot to complete the rollback"), first);
    assertTrue(first.contains("refused-exit=1"), first);
    assertTrue(first.contains("hello 1.1-1\nworld 1.1-1\n"), first);

    String second = boots.get(1).output();
    // The rollback brought world back and left no lock: pacman runs without any repair.
    assertTrue(second.startsWith("hello 1.1-1\nworld 1.0-1\nno db.lck\n"), second);
    assertFalse(second.contains("unable to lock database"), second);
    assertTrue(second.contains("SAFEUP_SKIP_HOOK is set"), second);
    assertTrue(second.contains("skip-exit=0\nsets: 0\n"), second);
    // Under safeup pacman the hook takes no second set.
    assertTrue(second.contains("no second set"), second);
    assertTrue(second.contains("wrapped-exit=0\nsets: 1\n"), second);
    // While another pacman holds its lock, rollback and keep wait, then refuse: nothing merged.
    assertTrue(second.contains("locked-rollback-exit=3\n"), second);
    assertTrue(second.contains("locked-keep-exit=3\n"), second);
    assertTrue(second.contains("nothing was merged"), second);
    assertTrue(second.contains("pending: 1\n"), "the set is as it was:\n" + second);
    assertTrue(second.contains("keep-exit=0\nhello 1.1-1\nworld 1.1-1\n"), second);
    // An overflowed pending set covers nothing: the hook stops the transaction.
    assertTrue(second.contains("uncovered-exit=1\n"), second);
    assertTrue(second.contains("is pending but cannot be rolled back (invalid"), second);
    assertTrue(second.contains("keep-invalid-exit=0\n"), second);
    assertNoSafeupLv(second);
  }

  @Test
  void aFrontEndCallingSudoPacmanSeveralTimesGetsOneSetListingBothPackages(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    copyHooks(guest);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    String out =
        boot(
                guest,
                INSTALL_HOOKS
                    + FRONT_END
                    + """
                    safeup paru -Syu; echo "root-exit=$?"
                    echo "sets: $(safeup status --json | grep -c '"id"')"
                    runuser -u alice -- sudo safeup --then later paru -Syu; echo "paru-exit=$?"
                    echo "sets: $(safeup status --json | grep -c '"id"')"
                    safeup status
                    echo "lvs:"; safeup_lvs
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("paru runs as a user, not as root"), out);
    assertTrue(out.contains("root-exit=3\nsets: 0\n"), out);
    assertTrue(out.contains("paru as alice, HOME=/home/alice, arguments: -Syu"), out);
    // Two transactions, and the hook recognised the safeup above each through sudo.
    assertEquals(2, out.split("no second set", -1).length - 1, out);
    assertTrue(out.contains("upgraded hello (1.0-1 -> 1.1-1)"), out);
    assertTrue(out.contains("upgraded world (1.0-1 -> 1.1-1)"), out);
    assertTrue(out.contains("paru-exit=0\nsets: 1\n"), out);
    assertTrue(out.contains("before:  paru -Syu"), out);
    String lvs = out.substring(out.lastIndexOf("lvs:"));
    assertEquals(1, lvs.split("root-safeup-", -1).length - 1, lvs);
  }

  @Test
  void aThinRootsHookSetHasNoLockAndRollsBackToAWorkingPacman(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THIN);
    copyHooks(guest);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            INSTALL_HOOKS
                + """
                pacman --noconfirm -Sy hello; echo "pacman-exit=$?"
                echo "active: [$(lvs --noheadings -o lv_active -S 'lv_name=~safeup' vg0 | tr -d ' ')]"
                safeup rollback --yes; echo "rollback-exit=$?"
                """,
            """
            pacman -Q hello
            if [ -e /var/lib/pacman/db.lck ]; then echo "stale db.lck"; else echo "no db.lck"; fi
            SAFEUP_SKIP_HOOK=1 pacman --noconfirm -S world; echo "pacman-exit=$?"
            echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    assertTrue(first.contains("removed pacman's lock /var/lib/pacman/db.lck"), first);
    assertTrue(first.contains("pacman-exit=0"), first);
    // The thin snapshot was activated to remove the lock, and is inactive again.
    assertTrue(first.contains("active: []"), first);
    String second = boots.get(1).output();
    assertTrue(second.startsWith("hello 1.0-1\nno db.lck\n"), second);
    assertTrue(second.contains("pacman-exit=0"), second);
    assertNoSafeupLv(second);
  }
}
