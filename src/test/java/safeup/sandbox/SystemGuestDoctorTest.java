package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Layout;

/**
 * {@code safeup doctor} on the live root of the system guest: real mounts, lvm2, lvmconfig,
 * dmeventd, and initramfs images built in the guest from its kernel's own modules with bsdcpio,
 * zstd and gzip, read back with the real bsdtar.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestDoctorTest {

  /** Builds /boot/NAME: an uncompressed early cpio, then a zstd one holding MODULES. */
  private static final String MAKE_IMAGE =
      """
      md=usr/lib/modules/$(uname -r)/kernel/drivers/md
      image() { # NAME COMPRESSOR MODULE...
        local name=$1 compress=$2 w; shift 2
        w=$(mktemp -d)
        mkdir -p "$w/early/kernel/x86/microcode" "$w/main/$md"
        echo microcode >"$w/early/kernel/x86/microcode/GenuineIntel.bin"
        for m in "$@"; do cp "/$md/$m.ko" "$w/main/$md/"; done
        (cd "$w/early" && find . | bsdcpio -o -H newc 2>/dev/null) >"$w/early.cpio"
        (cd "$w/main" && find . | bsdcpio -o -H newc 2>/dev/null | $compress) >"$w/main.img"
        cat "$w/early.cpio" "$w/main.img" >"/boot/$name"
        rm -rf "$w"
      }
      """;

  @Test
  void healthyGuestPassesAndAnInitramfsWithoutDmSnapshotFails(TestInfo test) throws IOException {
    SystemGuest guest = guest(test, Layout.THICK);
    String out =
        boot(
                guest,
                MAKE_IMAGE
                    + """
                    safeup --color never doctor; echo "healthy-exit=$?"
                    image initramfs-linux.img "zstd -q" dm-mod dm-snapshot
                    image initramfs-linux-fallback.img gzip dm-mod dm-snapshot dm-thin-pool
                    image initramfs-linux-lts.img "zstd -q" dm-mod
                    echo 'HOOKS=(base udev autodetect modconf block filesystems fsck)' \\
                      >/etc/mkinitcpio.conf
                    safeup --color never doctor; echo "broken-exit=$?"
                    rm /boot/initramfs-linux-lts.img
                    sed -i 's/block/block lvm2/' /etc/mkinitcpio.conf
                    safeup doctor --json >/host/doctor.json; echo "json-exit=$?"
                    setpriv --reuid=65534 --regid=65534 --clear-groups safeup --color never doctor
                    echo "user-exit=$?"
                    """)
            .get(0)
            .output();
    String healthy = out.substring(0, out.indexOf("healthy-exit="));
    assertTrue(
        healthy.contains(
            "  pass  root on LVM: /, /usr and pacman's database /var/lib/pacman are on LVM volume"
                + " vg0/root\n"),
        out);
    assertTrue(
        healthy.contains("  pass  configuration: /etc/safeup.conf is valid (Volumes: the volumes"),
        out);
    assertTrue(
        healthy.contains("  pass  snapshot room: volume group vg0 has ")
            && healthy.contains(" free; the snapshot of vg0/root needs 256.0 MiB"),
        out);
    assertTrue(
        healthy.contains("  pass  copy-on-write: vg0/root gets a thick snapshot: while a set is"),
        out);
    assertTrue(healthy.contains("  pass  thin pool: no volume of the set is thin\n"), out);
    assertTrue(healthy.contains("  pass  snapshot sets: no snapshot set is pending\n"), out);
    assertTrue(
        healthy.contains(
            "  warn  autoextend: snapshot autoextend is off"
                + " (activation/snapshot_autoextend_threshold = 100): the snapshot of vg0/root"
                + " stays at 256.0 MiB"),
        "lvmconfig's defaults, and a 256M SnapshotSize:\n" + out);
    assertTrue(healthy.contains("  warn  initramfs: no initramfs image in /boot"), out);
    assertFalse(healthy.contains("FAIL"), out);
    assertTrue(out.contains("healthy-exit=0\n"), out);

    String broken = out.substring(out.indexOf("healthy-exit="), out.indexOf("broken-exit="));
    assertTrue(
        broken.contains("  pass  /boot: /boot (/dev/ubdc, vfat): copied before each update"), out);
    assertTrue(
        broken.contains("  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot\n"), out);
    assertTrue(
        broken.contains("  pass  initramfs: /boot/initramfs-linux-fallback.img has dm-snapshot\n"),
        "a gzip image, after an early cpio:\n" + out);
    assertTrue(
        broken.contains(
            "  FAIL  initramfs: /boot/initramfs-linux-lts.img lacks dm-snapshot: a system with a"
                + " snapshot of its root does not boot from it\n"
                + "        fix: add lvm2 to HOOKS in /etc/mkinitcpio.conf, then run: mkinitcpio"
                + " -P\n"),
        out);
    assertTrue(
        broken.contains(
            "  FAIL  mkinitcpio: HOOKS in /etc/mkinitcpio.conf (base udev autodetect modconf block"
                + " filesystems fsck) lack lvm2"),
        out);
    assertTrue(out.contains("broken-exit=3\n"), out);
    assertTrue(out.contains("json-exit=0\n"), out);

    Map<String, Object> json =
        JSON.std.mapFrom(Files.readString(guest.dir().resolve("doctor.json")));
    assertEquals("warn", json.get("result"), json.toString());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
    assertTrue(
        checks.stream()
            .anyMatch(
                c ->
                    c.get("check").equals("mkinitcpio")
                        && c.get("status").equals("pass")
                        && String.valueOf(c.get("message")).endsWith("include lvm2")),
        checks.toString());
    assertEquals(
        2,
        checks.stream()
            .filter(c -> c.get("check").equals("initramfs") && c.get("status").equals("pass"))
            .count(),
        checks.toString());

    String user = out.substring(out.indexOf("json-exit="));
    assertTrue(
        user.contains(
            "  warn  root on LVM: /, /usr and pacman's database /var/lib/pacman are on"
                + " /dev/mapper/vg0-root; whether that is an LVM logical volume was not checked:"
                + " asking LVM needs root\n"),
        out);
    assertTrue(
        user.contains("  warn  snapshot sets: not checked: reading LVM's metadata needs root\n"),
        out);
    assertTrue(
        user.contains("  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot\n"),
        "the vfat /boot is readable to all (fmask=0022):\n" + out);
    assertFalse(user.contains("  pass  snapshot room"), out);
    assertTrue(out.contains("user-exit=0\n"), out);
  }

  @Test
  void fullVolumeGroupBadConfigurationAndAnOldPendingSetAreFound(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                now=$(date +%s)
                date -s "@$((now - 5 * 86400))" >/dev/null
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                date -s "@$((now + 10))" >/dev/null
                lvcreate -q -l 100%FREE -n filler vg0
                safeup --color never doctor; echo "full-exit=$?"
                printf '[options]\\nSnapshotSize = plenty\\n' >/etc/safeup.conf
                safeup --color never doctor; echo "config-exit=$?"
                safeup_lvs
                """)
            .get(0)
            .output();
    assertTrue(out.contains("update-exit=0\n"), out);
    String full = out.substring(out.indexOf("update-exit="), out.indexOf("full-exit="));
    assertTrue(
        full.contains(
            "  FAIL  snapshot room: volume group 'vg0' has 0 B free; snapshots of vg0/root need"
                + " 256.0 MiB (SnapshotSize = 256M)"),
        out);
    assertTrue(
        full.matches(
            "(?s).*  warn  snapshot sets: snapshot set (\\d{8}-\\d{6}) has been pending since"
                + " [^\\n]* \\(5 days\\): its snapshots fill with every write and the next update"
                + " is refused until it is decided\\n"
                + "        fix: safeup keep \\1  or  safeup rollback \\1\\n.*"),
        out);
    assertTrue(out.contains("full-exit=3\n"), out);
    String config = out.substring(out.indexOf("full-exit="), out.indexOf("config-exit="));
    assertTrue(
        config.contains(
            "  FAIL  configuration: /etc/safeup.conf:2: SnapshotSize: 'plenty' is not a snapshot"
                + " size"),
        out);
    assertTrue(
        config.contains("  warn  snapshot room: not checked: the configuration file is not valid"),
        out);
    assertTrue(out.contains("config-exit=3\n"), out);
    assertTrue(out.contains("root-safeup-"), "doctor removed nothing:\n" + out);
  }
}
