package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Two system guests updated by Ansible over real ssh, side by side on a network that exists only in
 * a namespace the sandbox makes for the run: the collection is built and installed with
 * ansible-galaxy as a user installs it, and its playbook updates a canary whose update passes its
 * trial boot's checks (kept) and then a guest whose update fails them (rolled back over a real
 * reboot, counted as failed).
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestFleetTest {
  /** A required check that fails once hello is no longer 1.0. */
  private static final String HELLO_WORKS =
      """
      #!/bin/sh
      out=$(hello)
      [ "$out" = "hello 1.0" ] || { echo "hello says: $out"; exit 1; }
      """;

  @Test
  void aGoodUpdateIsKeptAndABadOneRolledBackAcrossTheFleet(TestInfo test) throws IOException {
    Path work = Path.of("target/sandbox/system/SystemGuestFleetTest").toAbsolutePath();
    SandboxScript.deleteTree(work);
    Files.createDirectories(work);
    SystemGuest good = SystemGuestScripts.guest(test, Layout.THICK, "good");
    SystemGuest bad = SystemGuestScripts.guest(test, Layout.THICK, "bad");
    good.publish("world", "1.1-1");
    bad.publish("hello", "1.1-1");
    SandboxScript.run(
        List.of(
            "fleet-prepare", work.toString(), Path.of("src/ansible").toAbsolutePath().toString()),
        300);
    for (SystemGuest guest : List.of(good, bad)) {
      Files.copy(work.resolve("key.pub"), guest.dir().resolve("authorized_keys"));
      SandboxScript.write(guest.dir().resolve("hello-works"), HELLO_WORKS);
    }
    SandboxScript.write(
        work.resolve("hosts"),
        """
        [fleet]
        guest-good ansible_host=192.168.77.11
        guest-bad ansible_host=192.168.77.12

        [fleet:vars]
        ansible_user=root
        ansible_ssh_private_key_file=%s/key
        ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'
        ansible_python_interpreter=/usr/bin/python3
        """
            .formatted(work));
    SandboxScript.write(
        work.resolve("fleet.sh"),
        """
        export ANSIBLE_COLLECTIONS_PATH=$PWD/collections ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
        export ANSIBLE_LOCAL_TEMP=$PWD/ansible-tmp ANSIBLE_SSH_CONTROL_PATH_DIR=$PWD/cp
        echo "== setup"
        ansible fleet -i hosts -o -m shell -a 'mkdir -p /etc/safeup/checks.d/required &&
          install -m 755 /host/hello-works /etc/safeup/checks.d/required/ &&
          safeup boot enable >/dev/null && echo ready'
        # An update left pending on the canary, as an interrupted run would leave it.
        ansible guest-good -i hosts -o -m shell -a 'safeup --then later pacman --noconfirm -Sy world \
          >/dev/null && safeup status --json | sed -n "s/.*\\"id\\" : \\"\\(.*\\)\\".*/pending: \\1/p"'
        echo "== play"
        ansible-playbook -i hosts safeup.fleet.update; echo "play-exit=$?"
        echo "== again"
        ansible-playbook -i hosts --limit guest-good safeup.fleet.update; echo "again-exit=$?"
        echo "== tasks"
        ansible-playbook -i hosts --limit guest-bad -e safeup_update_health=tasks \
          -e safeup_update_health_tasks=$PWD/health.yml safeup.fleet.update; echo "tasks-exit=$?"
        echo "== refused"
        ansible guest-bad -i hosts -o -m shell -a 'echo "Bogus = 1" >>/etc/safeup.conf'
        ansible-playbook -i hosts --limit guest-bad safeup.fleet.update; echo "refused-exit=$?"
        ansible guest-bad -i hosts -o -m shell -a 'sed -i "/^Bogus/d" /etc/safeup.conf'
        echo "== after"
        ansible fleet -i hosts -o -m command -a 'pacman -Q hello world'
        ansible fleet -i hosts -o -m shell -a 'echo "sets: $(safeup status --json | grep -c "\\"id\\"")"'
        """);
    SandboxScript.write(
        work.resolve("health.yml"),
        """
        - name: hello is 1.0
          ansible.builtin.command: hello
          register: hello
          changed_when: false
          failed_when: hello.stdout != 'hello 1.0'
        """);
    SandboxScript.Result r =
        SandboxScript.exec(
            SandboxScript.SCRIPT,
            List.of(
                "fleet",
                work.toString(),
                work.resolve("fleet.sh").toString(),
                good.dir().toString(),
                bad.dir().toString()),
            java.util.Map.of(),
            1800);
    String out = read(work.resolve("fleet.out"));
    assertEquals(0, r.code(), r.output() + "\n" + out);
    assertEquals(2, count(out, "\\| CHANGED \\|.*ready"), out);

    Matcher pending = Pattern.compile("pending: (\\d{8}-\\d{6})").matcher(out);
    assertTrue(pending.find(), out);
    String play = out.substring(out.indexOf("== play"), out.indexOf("== again"));
    assertTrue(play.contains("play-exit=2"), "a host failed: " + play);
    assertTrue(
        play.contains("kept set " + pending.group(1) + ": world 1.0-1 -> 1.1-1"),
        "the set left pending was decided, not updated again: " + play);
    assertTrue(
        Pattern.compile(
                "rolled-back set \\d{8}-\\d{6}: hello 1.0-1 -> 1.1-1; why: trial boot 1 failed:"
                    + " .*hello says: hello 1.1")
            .matcher(play)
            .find(),
        play);
    assertTrue(recap(play, "guest-good").contains("failed=0"), play);
    assertTrue(recap(play, "guest-bad").contains("failed=1"), play);
    assertTrue(recap(play, "guest-bad").contains("unreachable=0"), play);

    String again = out.substring(out.indexOf("== again"), out.indexOf("== after"));
    assertTrue(again.contains("\"msg\": \"unchanged\""), again);
    assertTrue(again.contains("again-exit=0"), again);
    String tasks = out.substring(out.indexOf("== tasks"), out.indexOf("== refused"));
    assertTrue(
        Pattern.compile(
                "rolled-back set \\d{8}-\\d{6}: hello 1.0-1 -> 1.1-1; why: health task 'hello is"
                    + " 1.0' failed: hello 1.1\"")
            .matcher(tasks)
            .find(),
        tasks);
    assertTrue(tasks.contains("tasks-exit=2"), tasks);
    String refused = out.substring(out.indexOf("== refused"), out.indexOf("== after"));
    assertTrue(refused.contains("safeup doctor fails this host, nothing was changed:"), refused);
    assertTrue(refused.contains("Bogus"), "doctor's own message: " + refused);
    assertTrue(refused.contains("refused-exit=2"), refused);
    String after = out.substring(out.indexOf("== after"));
    assertTrue(
        after.matches(
            "(?s).*guest-good \\| CHANGED \\| rc=0 \\| \\(stdout\\) hello 1.0-1\\\\nworld 1.1-1.*"),
        after);
    assertTrue(
        after.matches(
            "(?s).*guest-bad \\| CHANGED \\| rc=0 \\| \\(stdout\\) hello 1.0-1\\\\nworld 1.0-1.*"),
        after);
    assertEquals(2, count(after, "sets: 0"), after);
    assertEquals(
        "5",
        read(bad.dir().resolve("boots")).strip(),
        "setup, update, rollback, update, rollback; none when refused");
    assertEquals("2", read(good.dir().resolve("boots")).strip(), "setup, update; none again");
  }

  private static String recap(String out, String host) {
    Matcher m = Pattern.compile("(?m)^" + host + "\\s+: (.*)$").matcher(out);
    String last = "";
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
