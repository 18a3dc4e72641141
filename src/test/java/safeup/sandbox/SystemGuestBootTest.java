package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.INSTALL_HOOKS;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.copyHooks;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * A kernel update rolled back on the system guest: /boot comes back with the old modules, whether
 * it is a separate vfat filesystem or a directory of the root volume that GRUB reads through its
 * own LVM driver before the merge. The kernels here are never booted (the guest runs UML's), so
 * this is also the case of a kernel installed but not yet booted.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestBootTest {

  /**
   * Shell functions: install linux 6.1 and gpu 1.0 (whose scriptlet rebuilds the initramfs) from
   * /host/old without safeup, and list /boot's files with their digests.
   */
  static final String KERNEL_PRELUDE =
      """
      install_old_kernel() {
        pacman -U --noconfirm /host/old/linux-6.1-1-any.pkg.tar.zst \\
          /host/old/gpu-1.0-1-any.pkg.tar.zst >/dev/null 2>&1
      }
      boot_digests() { (cd /boot && find . -type f | sort | xargs sha256sum); }
      describe() {
        echo "$1: $(head -n 1 /boot/vmlinuz-linux) | $(head -n 1 /boot/initramfs-linux.img)" \\
          "| modules $(ls /usr/lib/modules | grep -- -arch | tr '\\n' ' ')| boot $(ls /boot | tr '\\n' ' ')"
      }
      """;

  /** linux 6.1-1 and gpu 1.0-1 kept in /host/old; linux 6.2-1, gpu 1.1-1, linux-lts published. */
  static SystemGuest kernelGuest(TestInfo test, Layout layout) {
    SystemGuest guest = guest(test, layout);
    keepOld(guest, "linux", "6.1-1");
    keepOld(guest, "gpu", "1.0-1");
    guest.publish("linux", "6.2-1");
    guest.publish("gpu", "1.1-1");
    guest.publish("linux-lts", "6.6-1");
    return guest;
  }

  /** Builds package {@code name} {@code version} into /host/old, for a test to install first. */
  static void keepOld(SystemGuest guest, String name, String version) {
    Path old = guest.dir().resolve("old");
    try {
      Files.createDirectories(old);
      guest.publish(name, version);
      String file = name + "-" + version + "-any.pkg.tar.zst";
      Files.copy(guest.dir().resolve("repo").resolve(file), old.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aRollbackPutsBackASeparateBootWithTheOldModules(TestInfo test) {
    List<Boot> boots =
        boot(
            kernelGuest(test, Layout.THICK),
            KERNEL_PRELUDE
                + """
                install_old_kernel; boot_digests >/host/boot-before; describe before
                safeup --then later pacman --noconfirm -Syu linux-lts; echo "safeup-exit=$?"
                describe updated
                state() {
                  find /boot /var/lib/safeup -printf '%p %y %m %T@ %l\n' | sort
                  find /boot /var/lib/safeup -type f -print0 | sort -z | xargs -0 sha256sum
                  lvs --noheadings -o lv_name,lv_attr,lv_tags,vg_tags vg0
                }
                state >/tmp/state-before
                safeup --dry-run rollback --yes >/tmp/dry 2>&1; echo "dry-rollback-exit=$?"
                safeup --dry-run keep >>/tmp/dry 2>&1; echo "dry-keep-exit=$?"
                state >/tmp/state-after
                cmp -s /tmp/state-before /tmp/state-after && echo "the dry runs changed nothing"
                grep -E '^would (put back|remove|run: lvconvert|run: lvremove)' /tmp/dry
                safeup rollback --yes; echo "rollback-exit=$?"; sleep 120
                """,
            KERNEL_PRELUDE
                + """
                boot_digests >/tmp/boot-after
                cmp -s /host/boot-before /tmp/boot-after && echo "boot as before the update"
                describe now; pacman -Q linux gpu; pacman -Q linux-lts 2>&1
                echo "copies of /boot: $(ls /var/lib/safeup/boot | wc -l)"
                safeup pacman --noconfirm -S --needed hello >/dev/null
                echo "copies of /boot after the next update: $(ls /var/lib/safeup/boot | wc -l)"
                echo "lvs:"; safeup_lvs
                """);
    String first = boots.get(0).output();
    assertTrue(
        first.contains(
            "before: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules 6.1-arch"),
        first);
    assertTrue(first.contains("Saving /boot to /var/lib/safeup/boot/"), first);
    assertTrue(first.contains("updated: linux kernel 6.2"), first);
    assertTrue(first.contains("vmlinuz-linux-lts"), first);
    assertTrue(first.contains("dry-rollback-exit=0\ndry-keep-exit=0\n"), first);
    assertTrue(first.contains("the dry runs changed nothing"), first);
    assertTrue(first.contains("would put back: /boot/vmlinuz-linux from /var/lib/safeup/"), first);
    assertTrue(first.contains("would remove: /boot/vmlinuz-linux-lts"), first);
    assertTrue(first.contains("would run: lvconvert --merge"), first);
    assertTrue(first.contains("would remove: /var/lib/safeup/boot/"), first);
    assertTrue(first.contains("Putting /boot back as it was before the update"), first);
    String second = boots.get(1).output();
    assertTrue(second.contains("boot as before the update"), second);
    assertTrue(
        second.contains(
            "now: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules 6.1-arch |"
                + " boot initramfs-linux.img vmlinuz-linux \n"),
        second);
    assertTrue(second.contains("linux 6.1-1\ngpu 1.0-1\n"), second);
    assertTrue(second.contains("error: package 'linux-lts' was not found"), second);
    assertTrue(second.contains("copies of /boot: 1\n"), "the merge brought it back:\n" + second);
    assertTrue(second.contains("copies of /boot after the next update: 0\n"), second);
    assertNoSafeupLv(second);
  }

  /**
   * A /boot shared with another system (its files in EFI/Microsoft) and that system's ESP, mounted
   * at /boot/other only after the update, as a {@code noauto} one is: a plain pacman under the
   * hooks updates the kernel, then the other system rewrites its files on both. The rollback puts
   * back the kernel and initramfs, and every file of the other system stays as it left it. A /boot
   * too full for the copies is refused before anything is merged.
   */
  @Test
  void aRollbackPutsBackOnlyWhatTheUpdateChangedAndLeavesAnotherSystemsFiles(TestInfo test) {
    SystemGuest guest = kernelGuest(test, Layout.THICK);
    copyHooks(guest);
    List<Boot> boots =
        boot(
            guest,
            KERNEL_PRELUDE
                + "install_old_kernel\n"
                + INSTALL_HOOKS
                + """
                mkdir -p /boot/EFI/Microsoft/Boot /boot/other
                echo "their BCD 1" >/boot/EFI/Microsoft/Boot/BCD
                lvcreate -q -y -n esp -L 32M vg0 >/dev/null
                mkfs.vfat -n OTHER /dev/vg0/esp >/dev/null
                pacman --noconfirm -Syu; echo "pacman-exit=$?"
                describe updated
                echo "their BCD 2" >/boot/EFI/Microsoft/Boot/BCD
                echo "theirs" >/boot/EFI/Microsoft/Boot/added.efi
                mount /dev/vg0/esp /boot/other && mkdir -p /boot/other/EFI/other
                echo "their loader" >/boot/other/EFI/other/loader.efi
                dd if=/dev/zero of=/boot/filler bs=64k 2>/dev/null
                dd if=/dev/zero of=/boot/filler2 bs=512 2>/dev/null
                safeup rollback --yes; echo "full-exit=$?"
                echo "root: $(lvs --noheadings -o lv_attr vg0/root)"
                rm /boot/filler /boot/filler2
                safeup rollback --yes; echo "rollback-exit=$?"; sleep 120
                """,
            KERNEL_PRELUDE
                + """
                describe now; pacman -Q linux gpu
                cat /boot/EFI/Microsoft/Boot/BCD /boot/EFI/Microsoft/Boot/added.efi
                mount /dev/vg0/esp /boot/other && cat /boot/other/EFI/other/loader.efi
                echo "lvs:"; safeup_lvs
                """);
    String first = boots.get(0).output();
    assertTrue(first.contains("pacman-exit=0"), first);
    assertTrue(first.contains("entries of /boot changed under snapshot set"), first);
    assertTrue(first.contains("updated: linux kernel 6.2"), first);
    assertTrue(first.contains("full-exit=7"), first);
    assertTrue(first.contains("back needs"), first);
    assertTrue(first.contains("free on it"), first);
    assertTrue(first.contains("root:   owi-aos"), "nothing merged:\n" + first);
    assertTrue(first.contains("Putting /boot back as it was before the update"), first);
    String second = boots.get(1).output();
    assertTrue(
        second.contains(
            "now: linux kernel 6.1 | linux initramfs rebuilt for gpu 1.0-1 | modules 6.1-arch |"),
        second);
    assertTrue(second.contains("linux 6.1-1\ngpu 1.0-1\n"), second);
    assertTrue(second.contains("their BCD 2\ntheirs\n"), second);
    assertTrue(second.contains("their loader\n"), second);
    assertNoSafeupLv(second);
  }

  @Test
  void withBootInTheRootGrubLoadsTheOldKernelAtTheFirstBootAfterARollback(TestInfo test) {
    SystemGuest guest = kernelGuest(test, Layout.BOOT_IN_ROOT);
    String first =
        boot(
                guest,
                KERNEL_PRELUDE
                    + """
                    findmnt -n -o SOURCE --target /boot
                    install_old_kernel; boot_digests >/host/boot-before
                    cp /boot/vmlinuz-linux /host/vmlinuz-before
                    cp /boot/initramfs-linux.img /host/initramfs-before
                    safeup --then later pacman --noconfirm -Syu linux-lts; echo "safeup-exit=$?"
                    describe updated
                    safeup rollback --yes --no-reboot; echo "rollback-exit=$?"
                    lvs --noheadings -o lv_name,lv_attr vg0
                    """)
            .get(0)
            .output();
    assertTrue(first.startsWith("/dev/mapper/vg0-root\n"), "/boot is on the root LV:\n" + first);
    assertTrue(first.contains("updated: linux kernel 6.2"), first);
    assertTrue(first.contains("rollback-exit=0"), first);
    assertTrue(first.contains("Owi-aos"), "the merge is scheduled, not done:\n" + first);

    // The guest is off; the merge has not run: this is what GRUB loads at the next boot.
    assertArrayEquals(
        read(guest.dir().resolve("vmlinuz-before")), guest.grubReads("/boot/vmlinuz-linux"));
    assertArrayEquals(
        read(guest.dir().resolve("initramfs-before")),
        guest.grubReads("/boot/initramfs-linux.img"));

    String second =
        boot(
                guest,
                KERNEL_PRELUDE
                    + """
                    boot_digests >/tmp/boot-after
                    cmp -s /host/boot-before /tmp/boot-after && echo "boot as before the update"
                    describe now; echo "lvs:"; safeup_lvs
                    """)
            .get(0)
            .output();
    assertTrue(second.contains("boot as before the update"), second);
    assertTrue(second.contains("now: linux kernel 6.1 |"), second);
    assertTrue(second.contains("| modules 6.1-arch |"), second);
    assertNoSafeupLv(second);
  }

  @Test
  void withoutTheRestoreGrubWouldLoadTheNewKernelOverTheOldModules(TestInfo test) {
    SystemGuest guest = kernelGuest(test, Layout.BOOT_IN_ROOT);
    String out =
        boot(
                guest,
                KERNEL_PRELUDE
                    + """
                    install_old_kernel
                    safeup --then later pacman --noconfirm -Syu; echo "safeup-exit=$?"
                    safeup rollback --yes --no-reboot --without-boot; echo "rollback-exit=$?"
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("rollback-exit=0"), out);
    String grub = new String(guest.grubReads("/boot/vmlinuz-linux"), StandardCharsets.ISO_8859_1);
    assertEquals("linux kernel 6.2", grub.lines().findFirst().orElseThrow());
  }

  @Test
  void otherFilesystemsPacmanWritesJoinTheSetOrAreRefusedByName(TestInfo test) {
    SystemGuest guest = guest(test, Layout.BOOT_IN_ROOT);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                mount /dev/ubdc /usr/local   # vfat, not LVM (this layout leaves the disk unused)
                safeup pacman --noconfirm -Syu; echo "refused-exit=$?"; safeup_lvs
                printf '[options]\\nSnapshotSize = 256M\\nUnprotected = /usr/local\\n' >/etc/safeup.conf
                lvcreate -q -y -L 32M -n world vg0 >/dev/null && mkfs.ext4 -q /dev/vg0/world
                mkdir /tmp/w && cp -a /usr/share/world/. /tmp/w/
                mount /dev/vg0/world /usr/share/world && cp -a /tmp/w/. /usr/share/world/
                safeup --then keep pacman --noconfirm -Syu; echo "safeup-exit=$?"
                pacman -Q hello
                """)
            .get(0)
            .output();
    assertTrue(
        out.contains(
            "error: /usr/local is a separate filesystem (/dev/ubdc, vfat) that pacman writes to,"
                + " and it is not on LVM"),
        out);
    assertTrue(out.contains("refused-exit=3\n"), "nothing was made:\n" + out);
    assertTrue(out.contains("of vg0/root  ("), out);
    assertTrue(out.contains("of vg0/world  ("), "the volume under /usr joins the set:\n" + out);
    assertTrue(out.contains("safeup-exit=0"), out);
    assertTrue(out.contains("hello 1.1-1"), out);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
