package safeup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A User-Mode Linux guest with real LVM and pacman, driven by {@code src/test/sandbox/sandbox}.
 *
 * <p>Each sandbox has its own directory with a copy of a disk image (volume group {@code vg0}, ext4
 * {@code vg0/root} with {@code hello} and {@code world} 1.0-1 installed), its own pacman
 * repository, {@code pacman.conf} and package cache. The repository and disk are built once per JVM
 * into a "golden" directory and copied.
 */
public final class Sandbox {

  /** Result of one guest boot: the script's exit status and its stdout+stderr. */
  public record GuestRun(int exitCode, String output) {}

  private static final Path SCRIPT =
      Path.of(System.getProperty("safeup.sandbox.script", "src/test/sandbox/sandbox"))
          .toAbsolutePath();
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
    deleteTree(abs);
    run(List.of("clone", gold.toString(), abs.toString()), 120);
    return new Sandbox(abs);
  }

  private static synchronized Path golden(Path parent) {
    if (golden == null) {
      if (!Files.isExecutable(SCRIPT)) {
        throw new IllegalStateException("sandbox script missing or not executable: " + SCRIPT);
      }
      run(List.of("deps"), 1800);
      try {
        Files.createDirectories(parent);
        Path g = Files.createTempDirectory(parent, ".golden-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(g)));
        run(List.of("repo", g.toString()), 120);
        run(List.of("disk", g.toString()), BOOT_TIMEOUT_S + 60);
        golden = g;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return golden;
  }

  /**
   * Adds package {@code name} at {@code version} (pkgver-pkgrel, e.g. "1.1-1") to the repository.
   */
  public void publish(String name, String version) {
    run(List.of("publish", dir.toString(), name, version), 120);
  }

  /**
   * Boots the guest and runs {@code script} with bash in {@link #dir()}, with vg0/root mounted at
   * {@link #root()} and ROOT, PACMAN_CONF, SANDBOX set. Throws if the guest did not finish.
   */
  public GuestRun boot(String script) {
    int n = ++boots;
    Path file = dir.resolve("boot-" + n + ".sh");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Result r = exec(List.of("boot", dir.toString(), file.toString()), BOOT_TIMEOUT_S + 60);
    Path rc = dir.resolve("rc");
    if (!Files.exists(rc)) {
      throw new IllegalStateException(
          "guest boot "
              + n
              + " did not finish (sandbox exit "
              + r.code
              + ")\n"
              + r.output
              + "\n--- console.log (tail):\n"
              + tail(dir.resolve("console.log"), 40));
    }
    String out = read(dir.resolve("out"));
    try {
      Files.writeString(dir.resolve("boot-" + n + ".out"), out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GuestRun(Integer.parseInt(read(rc).trim()), out);
  }

  /** The sandbox directory on the host (also visible at the same path inside the guest). */
  public Path dir() {
    return dir;
  }

  /** Where vg0/root is mounted inside the guest; empty on the host. */
  public Path root() {
    return dir.resolve("mnt");
  }

  private record Result(int code, String output) {}

  private static void run(List<String> args, long timeoutS) {
    Result r = exec(args, timeoutS);
    if (r.code != 0) {
      throw new IllegalStateException(
          "sandbox " + String.join(" ", args) + " failed with status " + r.code + ":\n" + r.output);
    }
  }

  private static Result exec(List<String> args, long timeoutS) {
    List<String> cmd = new ArrayList<>();
    cmd.add(SCRIPT.toString());
    cmd.addAll(args);
    try {
      Path log = Files.createTempFile("sandbox-", ".log");
      try {
        Process p =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException(
              "sandbox "
                  + String.join(" ", args)
                  + " timed out after "
                  + timeoutS
                  + " s:\n"
                  + tail(log, 40));
        }
        return new Result(p.exitValue(), read(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + cmd, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no " + file + ")";
    }
    try (Stream<String> s = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      List<String> all = s.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
