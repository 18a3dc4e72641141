package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * {@code safeup diff} on the live root of the system guest against its real snapshot: an update,
 * then what a user does after one; each change in its group, nothing left mounted.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestDiffTest {

  @Test
  void eachChangeSinceTheSetIsInItsGroup(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("confapp", "1.0-1");
    guest.publish("confapp", "1.1-1");
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            pacman --noconfirm -U /host/repo/confapp-1.0-1-any.pkg.tar.zst >/dev/null
            echo '# mine' >>/etc/confapp.conf
            safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
            echo '# edited after the update' >>/etc/fstab
            echo remember >/root/notes
            echo 'by hand' >>/usr/share/world/data
            safeup diff; echo "diff-exit=$?"
            safeup diff --json /root/notes | grep -E '"(path|change|group)"'
            echo "mounted: $(findmnt -rn -o SOURCE | grep -c safeup)"
            echo "left: $(ls /run/safeup | grep -c look-)"
            """);
    String out = boots.get(0).output();
    assertTrue(out.contains("update-exit=0\n"), out);
    assertTrue(out.contains("diff-exit=0\n"), out);
    assertTrue(
        out.matches(
            "(?s).*a rollback would undo: 2 packages, 2 files in /etc \\(1 .pacnew or .pacsave\\),"
                + " 1 file of other packages changed by hand, 1 file under /root,.* logs.*"),
        out);
    assertTrue(out.contains("changed  /usr/share/hello/version  (content)  [hello]\n"), out);
    assertTrue(out.contains("changed  /etc/fstab  (content)\n"), out);
    assertTrue(out.contains("added    /etc/confapp.conf.pacnew  (pacman's new version"), out);
    assertTrue(out.contains("changed  /usr/share/world/data  (content)  [world]\n"), out);
    assertTrue(out.contains("added    /root/notes\n"), out);
    assertTrue(out.contains("\"path\" : \"/root/notes\",\n    \"change\" : \"added\",\n"), out);
    assertTrue(out.contains("\"group\" : \"data\","), out);
    assertTrue(out.contains("mounted: 0\nleft: 0\n"), "nothing is left behind: " + out);
  }
}
