package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * safeup on the oldest lvm2 and pacman it supports (Debian 12's lvm2 2.03.16, whose {@code lvs} has
 * only the {@code json} report format, and pacman 6.0), in the hostfs guest: pacman runs with
 * {@code --root} on vg0/root, mounted in a directory. A "reboot" is a second boot over the same
 * disk, whose activation performs a scheduled merge. The SystemGuest tests cover the rest on the
 * system users have.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class HostfsGuestTest {
  private static final Path SAFEUP = Path.of("target/safeup").toAbsolutePath();

  /** Shell functions for the guest: safeup with the sandbox's config, pacman on its root. */
  private static final String PRELUDE =
      """
      set -u
      safeup() { "$SAFEUP" -c "$SANDBOX/safeup.conf" "$@"; }
      PACMAN_ON_ROOT="--root $ROOT --config $PACMAN_CONF --noconfirm"
      installed() { pacman -Q --root "$ROOT" "$1"; }
      safeup_lvs() { lvs -a --noheadings -o lv_name,lv_tags vg0 | grep safeup || true; }
      """;

  private Sandbox sandbox;

  @BeforeEach
  void create(TestInfo test) throws IOException {
    assertTrue(Files.isExecutable(SAFEUP), SAFEUP + " is missing: run mvn package first");
    // The guest's root is the host's: safeup's class cache there (/var/cache/safeup) is made for
    // this jar now, as the package's install makes it, and not by whichever test runs first
    // (with --color, the version is not a page the launcher prints itself: Java starts).
    SandboxScript.Result cache =
        SandboxScript.exec(SAFEUP, List.of("--color", "never", "--version"), 120);
    assertEquals(0, cache.code(), cache.output());
    sandbox =
        Sandbox.create(
            Path.of(
                "target/sandbox/HostfsGuestTest." + test.getTestMethod().orElseThrow().getName()));
    Files.writeString(
        sandbox.dir().resolve("safeup.conf"),
        "# safeup in the sandbox\n[options]\nVolumes = vg0/root\nSnapshotSize = 64M\n"
            + "RebootCommand = touch "
            + sandbox.dir().resolve("rebooted")
            + "\nPacmanLockWait = 3\n");
  }

  private Sandbox.GuestRun boot(String script) {
    return sandbox.boot("export SAFEUP=" + SAFEUP + "\n" + PRELUDE + script);
  }

  private boolean rebooted() {
    return Files.exists(sandbox.dir().resolve("rebooted"));
  }

  @Test
  void updateThenKeep() {
    sandbox.publish("hello", "1.1-1");
    Sandbox.GuestRun run =
        boot(
            """
            safeup --then keep pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"
            installed hello; cat "$ROOT/usr/share/hello/version"; echo "lvs:"; safeup_lvs
            """);
    String out = run.output();
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("vg0/root-safeup-"), out);
    assertTrue(out.contains("upgraded hello (1.0-1 -> 1.1-1)"), out);
    assertTrue(out.contains("hello 1.1-1\n1.1\nlvs:\n"), out);
    assertTrue(out.strip().endsWith("lvs:"), "no safeup LV may remain:\n" + out);
  }

  @Test
  void updateThenRollbackAndReboot() {
    sandbox.publish("hello", "1.1-1");
    sandbox.publish("world", "2.0-1");
    Sandbox.GuestRun update =
        boot(
            """
            safeup --then rollback pacman $PACMAN_ON_ROOT -Syu; echo "safeup-exit=$?"
            installed hello; safeup status; echo "lvs:"; safeup_lvs
            """);
    String out = update.output();
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("hello 1.1-1"), "pacman upgraded first:\n" + out);
    assertTrue(out.contains("merge scheduled, reboot needed"), out);
    assertTrue(rebooted(), "RebootCommand ran:\n" + out);

    Sandbox.GuestRun after =
        boot(
            """
            installed hello; installed world; cat "$ROOT/usr/share/hello/version" "$ROOT/usr/share/world/data"
            "$ROOT/usr/bin/hello"; safeup status; echo "lvs:"; safeup_lvs
            """);
    String old = after.output();
    assertTrue(old.contains("hello 1.0-1\nworld 1.0-1\n1.0\nworld 1.0-1\nhello 1.0\n"), old);
    assertTrue(old.contains("No snapshot sets"), old);
    assertTrue(old.strip().endsWith("lvs:"), "no safeup LV may remain:\n" + old);
  }
}
