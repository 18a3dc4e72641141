package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Tab completion of set ids in real bash (with bash-completion) and fish on the system guest: the
 * ids come from the list safeup keeps, for root and for another user, without a JVM; the list
 * follows keep; without it (as after a reboot) root's completion asks safeup itself.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestCompletionTest {

  /** Completes the words given as bash does for a TAB after them; prints COMPREPLY. */
  static final String BASH_TAB =
      """
      . /usr/share/bash-completion/bash_completion
      . /host/safeup.bash
      tab() {
        COMP_LINE="$* "; COMP_POINT=${#COMP_LINE}
        COMP_WORDS=("$@" ""); COMP_CWORD=$#
        COMPREPLY=()
        _safeup safeup "" "${COMP_WORDS[COMP_CWORD - 1]}"
        echo "${COMPREPLY[*]}"
      }
      """;

  @Test
  void setIdsCompleteFromTheListSafeupKeepsForRootAndOthersAndFollowKeep(TestInfo test)
      throws IOException {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    Files.copy(Path.of("completion/safeup.bash"), guest.dir().resolve("safeup.bash"));
    Files.copy(Path.of("completion/safeup.fish"), guest.dir().resolve("safeup.fish"));
    Files.writeString(guest.dir().resolve("tab.bash"), BASH_TAB);
    String out =
        boot(
                guest,
                """
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                id=$(lvs --noheadings -o lv_tags vg0 | tr ',' '\\n' | sed -n 's/^safeup-set://p' | head -n 1)
                echo "set: $id"
                echo "list: $(cat /run/safeup/set-ids) $(stat -c %a /run/safeup/set-ids)"
                . /host/tab.bash
                echo "bash root: $(tab safeup keep)"
                # safeup, counting the times the completion runs it
                counted() { safeup() { echo ran >>/tmp/safeup-ran; command safeup "$@"; }; tab "$@"; }
                echo "bash root, safeup not run: $(counted safeup rollback) $(cat /tmp/safeup-ran 2>/dev/null | wc -l)"
                echo "bash nobody: $(runuser -u nobody -- bash -c '. /host/tab.bash; tab safeup rollback')"
                echo "fish nobody: $(runuser -u nobody -- env HOME=/tmp fish -c 'source /host/safeup.fish; complete -C "safeup keep "' | cut -f1)"
                safeup keep >/dev/null; echo "keep-exit=$?"
                echo "bash after keep: [$(tab safeup keep)]"
                safeup --then later pacman --noconfirm -S world >/dev/null; echo "second-exit=$?"
                rm /run/safeup/set-ids
                echo "bash root, no list: $(counted safeup keep) $(cat /tmp/safeup-ran | wc -l)"
                echo "list again: $(cat /run/safeup/set-ids)"
                safeup keep >/dev/null
                """)
            .get(0)
            .output();
    assertTrue(out.contains("update-exit=0"), out);
    Matcher set = Pattern.compile("set: (\\d{8}-\\d{6}\\S*)\n").matcher(out);
    assertTrue(set.find(), out);
    String id = set.group(1);
    assertTrue(out.contains("list: " + id + " 644\n"), out);
    assertTrue(out.contains("bash root: " + id + "\n"), out);
    assertTrue(
        out.contains("bash root, safeup not run: " + id + " 0\n"), "no JVM was started:\n" + out);
    assertTrue(out.contains("bash nobody: " + id + "\n"), out);
    assertTrue(out.contains("fish nobody: " + id + "\n"), out);
    assertTrue(out.contains("keep-exit=0\nbash after keep: []\n"), out);
    assertTrue(out.contains("second-exit=0"), out);
    Matcher second =
        Pattern.compile("bash root, no list: (\\S+) 1\nlist again: (\\S+)\n").matcher(out);
    assertTrue(second.find(), "root's completion asks safeup status:\n" + out);
    assertEquals(second.group(1), second.group(2), "and status wrote the list anew:\n" + out);
  }
}
