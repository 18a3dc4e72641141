package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * Shutting down with active snapshots (the old "shutdown hangs on dmeventd" issue), on the live
 * root of the system guest: lvm2 2.03.31's dmeventd, monitoring the snapshots, lets the shutdown go
 * at once; only a dmeventd outside systemd's units that still monitors volumes makes
 * systemd-shutdown wait for it, and no setting of dm-event.service reaches that process.
 *
 * <p>The kernel and systemd log at info level on the console ({@code loglevel=6
 * systemd.log_level=info}), where systemd-shutdown says "Waiting for process: dmeventd" when it
 * waits; each script marks the start of its shutdown there, and the console's times give how long
 * each shutdown took (printed, not asserted).
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestShutdownTest {

  private static final String CMDLINE = "printk.time=1";

  /**
   * systemd-shutdown gives the processes left after SIGTERM 90 s before it kills them; its "Waiting
   * for process" lines do not reach the guest's console (quiet), so whether it waited is told by
   * the time, with wide margins either side (no shutdown here takes more than 10 s otherwise).
   */
  private static final double WAITED_S = 80;

  /** Marks the shutdown's start on the console, then runs systemctl ACTION. */
  private static String shutdown(String action) {
    return "echo '<2>sandbox: shutdown begins' >/dev/kmsg\nsystemctl " + action + "\n";
  }

  private static final String STATE =
      """
      echo "monitored: $(lvs --noheadings -o lv_name,seg_monitor vg0 | awk '$2 == "monitored" {print $1}' | sort | tr '\\n' ' ')"
      echo "dmeventd: $(ps -o cgroup= -C dmeventd | tr '\\n' ' ')"
      """;

  @Test
  void monitoredSnapshotsOfRootAnotherVolumeAndAThinPoolDoNotHoldUpShutdown(TestInfo test)
      throws IOException {
    SystemGuest guest = guest(test, Layout.THICK);
    List<Boot> boots =
        guest.boot(
            Map.of("SANDBOX_CMDLINE", CMDLINE),
            """
            set -eu
            lvcreate -q -y -n data -L 64M vg0 && mkfs.ext4 -q /dev/vg0/data && mkdir -p /data
            lvcreate -q -y -L 200M -T vg0/pool && lvcreate -q -y -V 128M -T vg0/pool -n thin
            mkfs.ext4 -q /dev/vg0/thin && mkdir -p /thin
            printf '%s\\n' '/dev/vg0/data /data ext4 rw 0 2' '/dev/vg0/thin /thin ext4 rw 0 2' \\
              >>/etc/fstab
            mount /data && mount /thin
            lvcreate -q -y -s -L 128M -n rootsnap vg0/root
            lvcreate -q -y -s -L 32M -n datasnap vg0/data
            lvcreate -q -y -s -n thinsnap vg0/thin && lvchange -ay -K vg0/thinsnap
            mkdir -p /var/log/journal && journalctl --flush
            """
                + STATE
                + shutdown("reboot"),
            """
            lvchange -ay -K vg0/thinsnap
            lvs --noheadings -o lv_name,lv_active vg0 | grep snap
            echo "the last shutdown's dmeventd:"
            journalctl -b -1 -o cat -t dmeventd | grep -E 'unregistering|No longer|shutting down' | sort -u
            """
                + STATE
                + shutdown("poweroff"));
    String first = boots.get(0).output();
    String second = boots.get(1).output();
    // Monitored by the dmeventd that dm-event.socket started, on both boots.
    assertTrue(first.contains("monitored: datasnap pool rootsnap \n"), first);
    assertTrue(first.contains("dmeventd: 0::/system.slice/dm-event.service \n"), first);
    assertTrue(second.contains("monitored: datasnap pool rootsnap \n"), second);
    assertTrue(second.contains("dmeventd: 0::/system.slice/dm-event.service \n"), second);
    for (String lv : List.of("datasnap", "rootsnap", "thinsnap")) {
      assertTrue(second.matches("(?s).*\\s" + lv + "\\s+active\\n.*"), second);
    }
    // lvm2-monitor.service stops the monitoring before dm-event.service stops; dmeventd exits.
    assertTrue(second.contains("No longer monitoring snapshot vg0-rootsnap.\n"), second);
    assertTrue(second.contains("No longer monitoring snapshot vg0-datasnap.\n"), second);
    assertTrue(second.contains("No longer monitoring thin pool vg0-pool-tpool.\n"), second);
    assertTrue(second.contains("dmeventd shutting down.\n"), second);
    List<Shutdown> shutdowns = shutdowns(guest);
    assertEquals(2, shutdowns.size(), String.valueOf(shutdowns));
    for (Shutdown s : shutdowns) {
      assertTrue(s.seconds() < WAITED_S, s.toString());
    }
    System.out.println("shutdowns with monitored snapshots: " + shutdowns);
  }

  @Test
  void aDmeventdOutsideSystemdsUnitsStillMonitoringIsWaitedForDespiteAJobTimeout(TestInfo test)
      throws IOException {
    SystemGuest guest = guest(test, Layout.THICK);
    // The init activates vg0/root with monitoring (as an initramfs that monitors would), and
    // lvm2-monitor.service, which unregisters every volume before shutdown, is masked. The old
    // workaround, JobTimeoutSec=10 for dm-event.service, is in place as a drop-in.
    List<Boot> boots =
        guest.boot(
            Map.of("SANDBOX_CMDLINE", CMDLINE + " sandbox.init-monitoring"),
            """
            set -eu
            lvcreate -q -y -n data -L 64M vg0 && mkfs.ext4 -q /dev/vg0/data && mkdir -p /data
            echo '/dev/vg0/data /data ext4 rw 0 2' >>/etc/fstab
            lvcreate -q -y -s -L 128M -n rootsnap vg0/root
            lvcreate -q -y -s -L 32M -n datasnap vg0/data
            systemctl mask lvm2-monitor.service
            mkdir -p /etc/systemd/system/dm-event.service.d
            printf '[Unit]\\nJobTimeoutSec=10\\n' >/etc/systemd/system/dm-event.service.d/jobtimeout.conf
            systemctl reboot
            """,
            STATE
                + """
                systemctl show -p JobTimeoutUSec dm-event.service
                systemctl is-enabled lvm2-monitor.service || true
                """
                + shutdown("poweroff"));
    String second = boots.get(1).output();
    assertTrue(second.contains("monitored: datasnap rootsnap \n"), second);
    // The init's dmeventd, in no unit (dm-event.socket may start a second one beside it).
    assertTrue(second.matches("(?s).*\ndmeventd: [^\n]*0::/init\\.scope .*"), second);
    assertTrue(second.contains("JobTimeoutUSec=10s\n"), second);
    assertTrue(second.contains("masked\n"), second);
    List<Shutdown> shutdowns = shutdowns(guest);
    assertEquals(1, shutdowns.size(), String.valueOf(shutdowns));
    assertTrue(shutdowns.get(0).seconds() >= WAITED_S, shutdowns.toString());
    System.out.println("shutdown with a dmeventd outside systemd's units: " + shutdowns);
  }

  /** One marked shutdown on the console: how long it took. */
  record Shutdown(double seconds) {}

  private static final Pattern MARK = Pattern.compile("\\[ *([0-9.]+)\\] sandbox: shutdown begins");
  private static final Pattern END =
      Pattern.compile("\\[ *([0-9.]+)\\] reboot: (?:Power down|Restarting system)");

  /** Every shutdown the scripts marked, read from the guest's console. */
  private static List<Shutdown> shutdowns(SystemGuest guest) throws IOException {
    String console =
        new String(
            Files.readAllBytes(guest.dir().resolve("console.log")), StandardCharsets.ISO_8859_1);
    List<Shutdown> found = new ArrayList<>();
    Matcher mark = MARK.matcher(console);
    int from = 0;
    while (mark.find(from)) {
      Matcher end = END.matcher(console);
      if (!end.find(mark.end())) {
        break;
      }
      found.add(new Shutdown(Double.parseDouble(end.group(1)) - Double.parseDouble(mark.group(1))));
      from = end.end();
    }
    return found;
  }
}
