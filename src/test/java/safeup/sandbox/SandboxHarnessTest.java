package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the sandbox itself with plain lvm and pacman commands: snapshot, upgrade, merge back. */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SandboxHarnessTest {

  @Test
  void mergedSnapshotUndoesPacmanUpgradeAfterReboot() {
    Sandbox sb = Sandbox.create(Path.of("target/sandbox/SandboxHarnessTest-merge"));

    // The repository lives outside the disk: publishing before the boot equals publishing
    // after the snapshot, and saves a boot.
    sb.publish("hello", "1.1-1");
    Sandbox.GuestRun upgrade =
        sb.boot(
            """
                set -eux
                pacman -Q --root "$ROOT" hello | grep -qx 'hello 1.0-1'
                lvcreate -s -L 100M -n snap --addtag x vg0/root
                pacman --root "$ROOT" --config "$PACMAN_CONF" --noconfirm -Syu
                pacman -Q --root "$ROOT" hello | grep -qx 'hello 1.1-1'
                grep -qx 1.1 "$ROOT/usr/share/hello/version"
                lvconvert --merge vg0/snap
                """);
    assertEquals(0, upgrade.exitCode(), upgrade.output());

    Sandbox.GuestRun after =
        sb.boot(
            """
                set -ux
                pacman -Q --root "$ROOT" hello
                cat "$ROOT/usr/share/hello/version"
                if lvs vg0/snap; then echo SNAP-STILL-THERE; fi
                """);
    assertEquals(0, after.exitCode(), after.output());
    String out = after.output();
    assertTrue(out.contains("hello 1.0-1\n"), out);
    assertTrue(out.lines().anyMatch("1.0"::equals), out);
    assertFalse(out.contains("SNAP-STILL-THERE"), out);
  }

  @Test
  void publishWithinTheSameSecondIsSeenBySyu() {
    Sandbox sb = Sandbox.create(Path.of("target/sandbox/SandboxHarnessTest-publish"));
    Sandbox.GuestRun run =
        sb.boot(
            """
                set -eux
                pacman --root "$ROOT" --config "$PACMAN_CONF" -Sy
                "$SANDBOX_BIN" publish "$SANDBOX" hello 1.1-1
                pacman --root "$ROOT" --config "$PACMAN_CONF" --noconfirm -Syu
                pacman -Q --root "$ROOT" hello | grep -qx 'hello 1.1-1'
                """);
    assertEquals(0, run.exitCode(), run.output());
  }
}
