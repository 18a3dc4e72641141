package safeup.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The system guest: an Arch-like system (Debian sid's lvm2, pacman 7, systemd, OpenJDK 25) that
 * systemd boots from the root LV {@code vg0/root}, with a vfat {@code /boot} on a second disk and
 * safeup installed in {@code /usr/bin}, its class cache made as the package's install makes it.
 * Scripts run as root on the live system; a script that reboots the guest (with the real {@code
 * systemctl reboot}) hands over to the next script, which runs on the next boot. See {@code
 * src/test/sandbox/system-guest.bash}.
 *
 * <p>Every guest starts from a copy of disks built once per JVM and layout, which no guest boots:
 * what one test did in its guest never reaches another's, whatever ran before.
 */
public final class SystemGuest {

  /** How the root LV is laid out. */
  public enum Layout {
    /** {@code vg0/root} is a linear LV; snapshots are thick. */
    THICK,
    /** {@code vg0/root} is a thin LV in {@code vg0/pool}; snapshots are thin. */
    THIN,
    /** Like {@link #THICK}, with {@code /boot} a directory of {@code vg0/root}, read by GRUB. */
    BOOT_IN_ROOT
  }

  /** One boot: its number, the script's exit status (-1 when none was written) and output. */
  public record Boot(int number, int exitCode, String output) {}

  private static final Path SAFEUP_DIR = Path.of("target").toAbsolutePath();
  private static final long BOOT_S = 120;
  private static final long SCRIPT_S = 300;
  private static final Map<Layout, Path> GOLDEN = new EnumMap<>(Layout.class);

  private final Path dir;

  private SystemGuest(Path dir) {
    this.dir = dir;
  }

  /**
   * A fresh guest in {@code dir} (replacing whatever was there), hello and world 1.0-1 installed.
   */
  public static SystemGuest create(Path dir, Layout layout) {
    Path abs = dir.toAbsolutePath().normalize();
    Path gold = golden(abs.getParent(), layout);
    SandboxScript.deleteTree(abs);
    SandboxScript.run(List.of("clone", gold.toString(), abs.toString()), 120);
    GuestDisks.made(abs);
    return new SystemGuest(abs);
  }

  private static synchronized Path golden(Path parent, Layout layout) {
    Path g = GOLDEN.get(layout);
    if (g == null) {
      if (!Files.isRegularFile(SAFEUP_DIR.resolve("safeup.jar"))) {
        throw new IllegalStateException(SAFEUP_DIR + "/safeup.jar is missing: run mvn package");
      }
      SandboxScript.deps();
      g = SandboxScript.goldenDirectory(parent, ".system-golden-" + layout.name().toLowerCase());
      SandboxScript.run(List.of("repo", g.toString()), 120);
      List<String> disk =
          new ArrayList<>(List.of("system-disk", g.toString(), SAFEUP_DIR.toString()));
      switch (layout) {
        case THIN -> disk.add("--thin");
        case BOOT_IN_ROOT -> disk.add("--boot-in-root");
        default -> {}
      }
      SandboxScript.run(disk, 600);
      System.out.println(
          "system guest ("
              + layout.name().toLowerCase()
              + " root): "
              + SandboxScript.read(g.resolve("versions")).strip().replace("\n", ", "));
      GOLDEN.put(layout, g);
    }
    return g;
  }

  /** Adds package {@code name} at {@code version} (e.g. "1.1-1") to the guest's repository. */
  public void publish(String name, String version) {
    SandboxScript.run(List.of("publish", dir.toString(), name, version), 120);
  }

  /**
   * Boots the guest, running {@code scripts[0]} on the first boot, {@code scripts[1]} on the second
   * (after the first script rebooted it), and so on; returns every boot. Throws, with the tail of
   * the console, when a boot did not reach its script or the guest hung.
   */
  public List<Boot> boot(String... scripts) {
    return boot(Map.of(), scripts);
  }

  /**
   * Like {@link #boot(String...)}, with {@code environment} added to the sandbox script's: e.g.
   * SANDBOX_CMDLINE (words for the kernel command line) or SANDBOX_BOOT_TIMEOUT.
   */
  public List<Boot> boot(Map<String, String> environment, String... scripts) {
    List<String> args = new ArrayList<>(List.of("system-boot", dir.toString()));
    for (int i = 0; i < scripts.length; i++) {
      Path file = dir.resolve("script-" + (i + 1) + ".sh");
      SandboxScript.write(file, scripts[i]);
      args.add(file.toString());
    }
    SandboxScript.Result r =
        SandboxScript.exec(
            SandboxScript.SCRIPT, args, environment, scripts.length * (BOOT_S + SCRIPT_S) + 120);
    List<Boot> boots = new ArrayList<>();
    for (int n = 1; n <= scripts.length; n++) {
      Path out = dir.resolve("boot-" + n + ".out");
      Path rc = dir.resolve("boot-" + n + ".rc");
      boots.add(
          new Boot(
              n,
              Files.exists(rc) ? Integer.parseInt(SandboxScript.read(rc).strip()) : -1,
              Files.exists(out) ? SandboxScript.read(out) : ""));
    }
    if (r.code() != 0) {
      throw new IllegalStateException(
          "system guest in "
              + dir
              + " failed (sandbox exit "
              + r.code()
              + "):\n"
              + r.output()
              + "\nboots so far: "
              + boots);
    }
    return boots;
  }

  /**
   * The file at {@code path} of {@code vg0/root} as GRUB will load it at the next boot, read with
   * GRUB's own LVM and ext4 drivers ({@code grub-fstest}) while the guest is off; a path starting
   * with {@code (boot)} is read from the separate /boot disk instead.
   */
  public byte[] grubReads(String path) {
    Path out = dir.resolve("grub-read.out");
    SandboxScript.run(List.of("grub-read", dir.toString(), path, out.toString()), 120);
    try {
      return Files.readAllBytes(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The guest's directory on the host, mounted at {@code /host} inside it. */
  public Path dir() {
    return dir;
  }
}
