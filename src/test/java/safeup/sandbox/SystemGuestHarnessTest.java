package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/** The system guest itself: what it is, how it reboots, and how it fails. */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestHarnessTest {

  private static SystemGuest guest(String name) {
    return SystemGuest.create(Path.of("target/sandbox/system/" + name), Layout.THICK);
  }

  @Test
  void systemdBootsFromTheRootLvWithUdevAndLvmMonitoringAndAVfatBoot() {
    String out =
        guest("harness-system")
            .boot(
                """
                ps -o comm= -p 1; findmnt -n -o SOURCE,FSTYPE /; findmnt -n -o FSTYPE /boot
                systemctl is-active systemd-udevd dm-event.socket lvm2-monitor
                systemctl is-system-running
                """)
            .get(0)
            .output();
    assertEquals(
        "systemd\n/dev/mapper/vg0-root ext4\nvfat\nactive\nactive\nactive\nrunning\n", out);
  }

  @Test
  void everyScriptRunsOnItsOwnBootAfterARealReboot() {
    List<Boot> boots =
        guest("harness-reboot")
            .boot(
                "cat /proc/sys/kernel/random/boot_id >/host/first; systemctl reboot\n",
                "cmp -s /host/first /proc/sys/kernel/random/boot_id || echo another boot; exit 3\n");
    assertEquals(2, boots.size());
    assertEquals("another boot\n", boots.get(1).output());
    assertEquals(3, boots.get(1).exitCode());
  }

  @Test
  void aGuestThatCannotBootFailsAtOnceWithItsConsole() throws IOException {
    SystemGuest broken = guest("harness-broken");
    try (RandomAccessFile disk =
        new RandomAccessFile(broken.dir().resolve("disk.img").toFile(), "rw")) {
      disk.write(new byte[1 << 20]); // no LVM label any more
    }
    Instant start = Instant.now();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> broken.boot("echo never\n"));
    assertTrue(Duration.between(start, Instant.now()).toSeconds() < 60, e.getMessage());
    assertTrue(e.getMessage().contains("boot 1 never ran its script"), e.getMessage());
    assertTrue(
        e.getMessage().contains("cannot activate vg0"), "the console's tail:\n" + e.getMessage());
  }

  @Test
  void aGuestThatHangsIsKilledWithinTheBootTimeout() {
    SystemGuest guest = guest("harness-hang");
    Instant start = Instant.now();
    // basic.target comes up, but the unit that runs the scripts never starts.
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                guest.boot(
                    Map.of(
                        "SANDBOX_CMDLINE",
                        "systemd.unit=basic.target",
                        "SANDBOX_BOOT_TIMEOUT",
                        "30"),
                    "echo never\n"));
    assertTrue(Duration.between(start, Instant.now()).toSeconds() < 90, e.getMessage());
    assertTrue(
        e.getMessage().contains("boot 1 did not reach its script within 30s"), e.getMessage());
    assertTrue(e.getMessage().contains("last lines of"), e.getMessage());
  }
}
