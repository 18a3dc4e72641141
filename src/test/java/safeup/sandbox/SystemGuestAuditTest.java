package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * safeup's entries in the guest's persistent journal ({@code /var/log/journal}, on the root volume)
 * as an admin reads them with {@code journalctl -t safeup}: an update kept, and one rolled back
 * with a real reboot, whose merge rewinds the journal with the rest of the root.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestAuditTest {
  private static final Pattern SET_ID = Pattern.compile("second set: (\\d{8}-\\d{6})");

  @Test
  void theJournalTellsOfAKeptUpdateAndOfARollbackAfterItsReboot(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            journal() { journalctl -t safeup -o cat --no-pager "$@"; }
            echo "journal dir: $(ls -d /var/log/journal)"
            safeup --then keep pacman --noconfirm -Sy hello; echo "keep-exit=$?"
            first=$(journalctl SAFEUP_EVENT=kept -o export | sed -n 's/^SAFEUP_SET=//p')
            echo "== set $first:"; journalctl SAFEUP_SET="$first" -o cat --no-pager
            safeup --then later pacman --noconfirm -Syu; echo "later-exit=$?"
            echo "second set: $(safeup status --json | sed -n 's/.*"id" : "\\(.*\\)".*/\\1/p')"
            safeup rollback --yes >/dev/null; echo "rollback-exit=$?"
            """,
            """
            journal() { journalctl -t safeup -o cat --no-pager "$@"; }
            # the root's merge finishes in the background (lvm2's polling)
            for i in $(seq 60); do [ -z "$(safeup_lvs)" ] && break; sleep 1; done
            pacman -Q hello world
            echo "== after the reboot:"; journal
            echo "== record: $(vgs --noheadings -o vg_tags vg0 | tr -d ' ' | cut -c1-19)"
            safeup --then keep pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
            echo "== after the next update:"; journal
            echo "== record: $(vgs --noheadings -o vg_tags vg0 | tr -d ' ')"
            """);
    String first = boots.get(0).output();
    assertTrue(
        first.contains("journal dir: /var/log/journal\n"), "a persistent journal:\n" + first);
    assertTrue(first.contains("keep-exit=0"), first);
    assertTrue(first.contains("later-exit=0"), first);
    assertTrue(first.contains("rollback-exit=0"), first);
    Matcher m = SET_ID.matcher(first);
    assertTrue(m.find(), first);
    String second = m.group(1);
    assertTrue(
        first.matches(
            "(?s).*== set (\\S+):\n"
                + "snapshot set \\1 made of vg0/root, before: pacman --noconfirm -Sy hello\n"
                + "snapshot set \\1 removed, the update kept \\(vg0/root; pacman --noconfirm -Sy"
                + " hello\\)\n.*"),
        "journalctl SAFEUP_SET=ID shows the set's story:\n" + first);

    String after = boots.get(1).output();
    assertTrue(after.startsWith("hello 1.1-1\nworld 1.0-1\n"), "rolled back:\n" + after);
    String rewound = section(after, "== after the reboot:", "== record:");
    assertTrue(rewound.contains("removed, the update kept"), "the kept update stays:\n" + after);
    assertFalse(
        rewound.contains("snapshot set " + second),
        "what was written after the set was made went back with the root volume:\n" + after);
    assertTrue(after.contains("== record: safeup-rolled-back."), "LVM holds the record:\n" + after);
    assertTrue(after.contains("update-exit=0"), after);
    String told = section(after, "== after the next update:", "== record:");
    String rolledBack =
        "snapshot set "
            + second
            + " rolled back: vg0/root is as before pacman --noconfirm -Syu (merge scheduled ";
    assertTrue(told.contains(rolledBack), "the rollback is told after the reboot:\n" + after);
    assertTrue(told.contains(", now complete); why: safeup rollback\n"), after);
    int rolledBackAt = told.indexOf(rolledBack);
    int nextMade = told.indexOf(" made of vg0/root, before: pacman --noconfirm -Syu", rolledBackAt);
    assertTrue(nextMade > rolledBackAt, "told before the next update's set:\n" + told);
    assertEquals(1, told.split(Pattern.quote(rolledBack), -1).length - 1, "told once:\n" + told);
    assertTrue(after.strip().endsWith("== record:"), "the record is gone once told:\n" + after);
  }

  @Test
  void aThinRootsRollbackIsToldFromTheVolumeGroupOnceMergedAndStatusOnlyReads(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THIN);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            safeup --then rollback pacman --noconfirm -Syu >/dev/null; echo "safeup-exit=$?"
            """,
            """
            for i in $(seq 60); do [ -z "$(safeup_lvs)" ] && break; sleep 1; done
            pacman -Q hello; lvs --noheadings -o lv_name,segtype vg0/root
            safeup status >/dev/null
            id=$(vgs --noheadings -o vg_tags vg0 | sed -n 's/.*safeup-rolled-back\\.\\([0-9-]*\\)\\..*/\\1/p')
            echo "after status: $(journalctl -q SAFEUP_SET="$id" -o cat --no-pager | wc -l) entries"
            safeup --then keep pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
            echo "== set $id:"
            journalctl SAFEUP_SET="$id" -o export --no-pager | grep -E '^(MESSAGE|SAFEUP_[A-Z]+)='
            echo "== record: $(vgs --noheadings -o vg_tags vg0 | tr -d ' ')"
            """);
    assertTrue(boots.get(0).output().contains("safeup-exit=0"), boots.get(0).output());
    String after = boots.get(1).output();
    assertTrue(after.startsWith("hello 1.0-1\n  root thin\n"), "a thin root, merged:\n" + after);
    assertTrue(after.contains("after status: 0 entries"), "status only reads:\n" + after);
    assertTrue(after.contains("update-exit=0"), after);
    assertTrue(
        after.matches(
            "(?s).*== set (\\d{8}-\\d{6}):\n"
                + "MESSAGE=snapshot set \\1 rolled back: vg0/root is as before pacman --noconfirm"
                + " -Syu \\(merge scheduled [0-9T:-]+Z, now complete\\); why: [a-z ]+\n"
                + "SAFEUP_EVENT=rolled-back\n"
                + "SAFEUP_SET=\\1\n"
                + "SAFEUP_VOLUMES=vg0/root\n"
                + "SAFEUP_COMMAND=pacman --noconfirm -Syu\n"
                + "SAFEUP_SCHEDULED=[0-9T:-]+Z\n"
                + "== record: \n?$"),
        "journalctl SAFEUP_SET=ID after the reboot:\n" + after);
  }

  private static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, start);
    return text.substring(start, end);
  }
}
