package safeup.core.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * safeup's entries in GRUB's boot menu: the executable script for {@code /etc/grub.d} that
 * grub-mkconfig runs to write them into grub.cfg, so that they follow every kernel and command line
 * change the way GRUB's own entries do (a hand-written custom.cfg goes stale; safeup never reads or
 * writes one).
 *
 * <p>For each kernel in /boot the script prints an entry that boots the system normally and makes a
 * snapshot set at boot ({@value #SNAPSHOT_TARGET}), and, guarded by {@value BootMenuFlag#VARIABLE}
 * in GRUB's environment block (see {@link BootMenuFlag}), one that rolls the pending set back
 * ({@value #ROLLBACK_TARGET}). The kernel, its initramfs and microcode images, {@code root=} and
 * the command line are found as Arch Linux's {@code 10_linux} finds them, from the variables
 * grub-mkconfig exports and the functions of {@code grub-mkconfig_lib}. The first kernel
 * (10_linux's default) names its entries after the system, the others after the kernel: with a
 * second kernel the rollback can still be reached when the update broke the first.
 *
 * <p>While a rollback's /boot is not yet put back ({@link BootPutBackFlag}), one more entry boots
 * the first kernel's files from the copy of /boot on the root filesystem into the rollback target,
 * and is made the default, with the previous default as GRUB's fallback.
 *
 * <p>The name {@value #FILE_NAME} puts the entries after those of GRUB's own scripts and of {@code
 * 40_custom} and {@code 41_custom} (custom.cfg): no entry they make changes its position, so a
 * numeric {@code GRUB_DEFAULT} stays right, and the rollback entries, which come and go at boot,
 * come last. The entries carry no {@code savedefault}: choosing one never makes it the default.
 */
final class GrubMenu {
  /** The script's name in {@code /etc/grub.d}. */
  public static final String FILE_NAME = "41_safeup";

  /** Where the script is installed. */
  public static final Path INSTALL_PATH = Path.of("/etc/grub.d", FILE_NAME);

  /** The systemd target that boots normally and makes a snapshot set at boot. */
  public static final String SNAPSHOT_TARGET = BootUnits.SNAPSHOT_TARGET;

  /** The systemd target that rolls the pending snapshot set back and reboots. */
  public static final String ROLLBACK_TARGET = BootUnits.ROLLBACK_TARGET;

  private static final String TEMPLATE = "grub.d-safeup.sh";

  private GrubMenu() {}

  /** The script's content, to be installed executable at {@link #INSTALL_PATH}. */
  public static String script() {
    try (InputStream in = GrubMenu.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the GRUB script template " + TEMPLATE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("@SNAPSHOT_TARGET@", SNAPSHOT_TARGET)
          .replace("@ROLLBACK_TARGET@", ROLLBACK_TARGET)
          .replace("@PENDING_VARIABLE@", BootMenuFlag.VARIABLE)
          .replace("@PUT_BACK_VARIABLE@", BootPutBackFlag.VARIABLE)
          .replace("@TRIES_LEFT@", BootMenuFlag.TRIES_LEFT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GRUB script template " + TEMPLATE, e);
    }
  }
}
