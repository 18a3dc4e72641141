package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * {@code safeup diff} on the live root of the system guest against its real snapshot: an update,
 * then what a user does after one; each change in its group, nothing left mounted. Then {@code
 * safeup rollback --keep}, over the real reboot, on a thick root and a thin one.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestDiffTest {

  @Test
  void eachChangeSinceTheSetIsInItsGroup(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("confapp", "1.0-1");
    try { // publishing 1.1 removes 1.0 from the repository: installed from a copy
      Files.copy(
          guest.dir().resolve("repo/confapp-1.0-1-any.pkg.tar.zst"),
          guest.dir().resolve("confapp-1.0-1-any.pkg.tar.zst"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    guest.publish("confapp", "1.1-1");
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            pacman --noconfirm -U /host/confapp-1.0-1-any.pkg.tar.zst >/dev/null
            echo '# mine' >>/etc/confapp.conf
            safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
            echo '# edited after the update' >>/etc/fstab
            echo remember >/root/notes
            %s
            echo 'by hand' >>/usr/share/world/data
            safeup diff; echo "diff-exit=$?"
            safeup diff --json /root/notes | grep -E '"(path|change|group)"'
            echo "mounted: $(findmnt -rn -o SOURCE | grep -c safeup)"
            echo "left: $(ls /tmp | grep -c safeup-look-)"
            safeup rollback --yes --keep /usr/bin/hello; echo "refused=$?"
            echo 'not kept' >/root/other
            safeup rollback --yes --keep /etc/fstab --keep /root/notes
            """
                .formatted(NOTES_ATTRIBUTES),
            AFTER);
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
    assertTrue(
        out.contains("/usr/bin/hello holds /usr/bin/hello of hello, which the update changed"),
        out);
    assertTrue(out.contains("refused=7\n"), out);
    assertKeptAndNothingElse(boots.get(1).output());
  }

  /** An owner, a mode, an extended attribute and an ACL entry, which a kept file keeps. */
  private static final String NOTES_ATTRIBUTES =
      "chmod 640 /root/notes; chown daemon /root/notes; setfattr -n user.safeup -v kept"
          + " /root/notes; setfacl -m u:nobody:r /root/notes";

  /** The boot after a rollback that kept /etc/fstab and /root/notes. */
  private static final String AFTER =
      """
      pacman -Q hello; cat /root/notes; tail -n 1 /etc/fstab
      echo "notes: $(stat -c '%a %U' /root/notes) $(getfattr --absolute-names --only-values -n user.safeup \
        /root/notes) $(getfacl -p /root/notes 2>/dev/null | grep '^user:nobody')"
      echo "other: $(test -e /root/other && echo yes || echo no)"
      echo "pacnew: $(test -e /etc/confapp.conf.pacnew && echo yes || echo no)"
      echo "world by hand: $(grep -c 'by hand' /usr/share/world/data)"
      echo "lvs:"; safeup_lvs
      """;

  private static void assertKeptAndNothingElse(String after) {
    assertTrue(
        after.startsWith(
            "hello 1.0-1\nremember\n# edited after the update\n"
                + "notes: 640 daemon kept user:nobody:r--\nother: no\npacnew: no\n"
                + "world by hand: 0\nlvs:"),
        "the old packages and the two files kept, nothing else of the update: " + after);
    SystemGuestScripts.assertNoSafeupLv(after);
  }

  @Test
  void aThinRootKeepsTheFilesNamedToo(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THIN);
    guest.publish("hello", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
            echo '# edited after the update' >>/etc/fstab
            echo remember >/root/notes
            %s
            echo 'by hand' >>/usr/share/world/data
            echo 'not kept' >/root/other
            safeup diff | grep -E '^ +(added|changed) +/(etc/fstab|root/notes|usr/share/world/data)'
            safeup rollback --yes --keep /etc/fstab --keep /root/notes
            """
                .formatted(NOTES_ATTRIBUTES),
            AFTER);
    assertTrue(boots.get(0).output().contains("update-exit=0\n"), boots.get(0).output());
    String before = boots.get(0).output();
    assertTrue(before.contains("/root/notes kept: copied into vg0/root-safeup-"), before);
    assertTrue(
        before.contains(
            "   changed  /etc/fstab  (content)\n   changed  /usr/share/world/data  (content) "),
        "the diff of a thin root: " + before);
    assertTrue(before.contains("   added    /root/notes\n"), before);
    assertKeptAndNothingElse(boots.get(1).output());
  }
}
