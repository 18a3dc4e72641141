package safeup.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hostfs guest: a User-Mode Linux kernel whose root is the host's own (Debian 12: lvm2 2.03.16,
 * pacman 6.0, the host's JDK), with a volume group on a disk image; driven by {@code
 * src/test/sandbox/sandbox}. It keeps the oldest supported lvm2 and pacman proven.
 *
 * <p>Each sandbox has its own directory with a copy of a disk image (volume group {@code vg0}, ext4
 * {@code vg0/root} with {@code hello} and {@code world} 1.0-1 installed), its own pacman
 * repository, {@code pacman.conf} and package cache. The repository and disk are built once per JVM
 * into a "golden" directory and copied.
 */
public final class Sandbox {

  /** Result of one guest boot: the script's exit status and its stdout+stderr. */
  public record GuestRun(int exitCode, String output) {}

  private static final long BOOT_TIMEOUT_S =
      Long.parseLong(System.getProperty("safeup.sandbox.timeout", "300"));

  private static Path golden;

  private final Path dir;
  private int boots;

  private Sandbox(Path dir) {
    this.dir = dir;
  }

  /** Creates a fresh sandbox in {@code dir}, replacing whatever was there. */
  public static Sandbox create(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    Path gold = golden(abs.getParent());
    SandboxScript.deleteTree(abs);
    SandboxScript.run(List.of("clone", gold.toString(), abs.toString()), 120);
    GuestDisks.made(abs);
    return new Sandbox(abs);
  }

  private static synchronized Path golden(Path parent) {
    if (golden == null) {
      SandboxScript.deps();
      Path g = SandboxScript.goldenDirectory(parent, ".golden-");
      SandboxScript.run(List.of("repo", g.toString()), 120);
      SandboxScript.run(List.of("disk", g.toString()), BOOT_TIMEOUT_S + 60);
      System.out.println(
          "hostfs guest: " + SandboxScript.read(g.resolve("versions")).strip().replace("\n", ", "));
      golden = g;
    }
    return golden;
  }

  /**
   * Adds package {@code name} at {@code version} (pkgver-pkgrel, e.g. "1.1-1") to the repository.
   */
  public void publish(String name, String version) {
    SandboxScript.run(List.of("publish", dir.toString(), name, version), 120);
  }

  /**
   * Boots the guest and runs {@code script} with bash in {@link #dir()}, with vg0/root mounted at
   * {@link #root()} and ROOT, PACMAN_CONF, SANDBOX set. Throws if the guest did not finish.
   */
  public GuestRun boot(String script) {
    int n = ++boots;
    Path file = dir.resolve("boot-" + n + ".sh");
    SandboxScript.write(file, script);
    SandboxScript.Result r =
        SandboxScript.exec(List.of("boot", dir.toString(), file.toString()), BOOT_TIMEOUT_S + 60);
    Path rc = dir.resolve("rc");
    if (!Files.exists(rc)) {
      throw new IllegalStateException(
          "guest boot "
              + n
              + " did not finish (sandbox exit "
              + r.code()
              + ")\n"
              + r.output()
              + "\n--- console.log (tail):\n"
              + SandboxScript.tail(dir.resolve("console.log"), 40));
    }
    String out = SandboxScript.read(dir.resolve("out"));
    SandboxScript.write(dir.resolve("boot-" + n + ".out"), out);
    return new GuestRun(Integer.parseInt(SandboxScript.read(rc).trim()), out);
  }

  /** The sandbox directory on the host (also visible at the same path inside the guest). */
  public Path dir() {
    return dir;
  }

  /** Where vg0/root is mounted inside the guest; empty on the host. */
  public Path root() {
    return dir.resolve("mnt");
  }
}
