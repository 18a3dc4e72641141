package safeup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * safeup's Arch package, built on the host as a user builds it: {@code src/arch/make-source}, then
 * the real makepkg ({@code build}, {@code check} and {@code package}) on {@code src/arch/PKGBUILD},
 * as the unprivileged user {@code safeup-build} (makepkg refuses root; {@code sandbox deps} adds
 * the user). Dependency checks are off ({@code --nodeps}): the host is Debian, whose JDK and Maven
 * pacman does not know.
 *
 * <p>Maven resolves into {@code $srcdir/m2} as the PKGBUILD says. When the host has a local Maven
 * repository (the one this build runs from), a copy of it stands in for Maven Central, so that the
 * package builds without the network; otherwise Maven Central is used.
 */
final class ArchPackage {
  static final String BUILD_USER = "safeup-build";
  private static final Path SOURCE = Path.of("src/arch").toAbsolutePath();
  private static final long MAKEPKG_S = 1200;

  /** The package file, the {@code makepkg --printsrcinfo} text and the build's output. */
  record Built(Path file, String srcinfo, String log) {}

  private final Path work;
  private final Path home;

  private ArchPackage(Path work) {
    this.work = work;
    this.home = work.resolve("home");
  }

  /**
   * Builds safeup's package and a package {@code guest-system} that provides what {@code provides}
   * names (the system guest's Java and lvm2 come from Debian, outside pacman), and copies both into
   * {@code into}.
   */
  static Built build(Path into, List<String> provides) {
    Path work;
    try {
      // Outside the checkout, which may lie in a directory safeup-build cannot enter (/root).
      work = Files.createTempDirectory(Path.of("/var/tmp"), "safeup-package-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return new ArchPackage(work).make(into, provides);
    } finally {
      SandboxScript.deleteTree(work);
    }
  }

  private Built make(Path into, List<String> provides) {
    Path safeup = work.resolve("safeup");
    Path system = work.resolve("guest-system");
    mkdirs(safeup, system, home);
    run(SOURCE.resolve("make-source").toString(), List.of(safeup.toString()), 120);
    copy(SOURCE.resolve("PKGBUILD"), safeup.resolve("PKGBUILD"));
    copy(SOURCE.resolve("safeup.install"), safeup.resolve("safeup.install"));
    SandboxScript.write(system.resolve("PKGBUILD"), providingPkgbuild(provides));
    useLocalMavenRepository();
    run("chown", List.of("-R", BUILD_USER + ":", work.toString()), 120);

    SandboxScript.Result srcinfo = makepkg(safeup, "--printsrcinfo");
    long start = System.nanoTime();
    SandboxScript.Result log = makepkg(safeup, "--nodeps");
    System.out.printf(
        "makepkg (build, check, package) as %s: %.1f s%n",
        BUILD_USER, (System.nanoTime() - start) / 1e9);
    makepkg(system, "--nodeps");
    Path file = into.resolve(single(safeup, "safeup-"));
    copy(safeup.resolve(file.getFileName()), file);
    Path provider = single(system, "guest-system-");
    copy(system.resolve(provider), into.resolve(provider));
    return new Built(file, srcinfo.output(), log.output());
  }

  /** A copy of the host's local Maven repository as Maven Central, through settings.xml. */
  private void useLocalMavenRepository() {
    Path local = Path.of(System.getProperty("user.home"), ".m2", "repository");
    if (!Files.isDirectory(local)) {
      return;
    }
    Path central = work.resolve("central");
    run(
        "cp",
        List.of("-r", "--no-preserve=mode,ownership", local.toString(), central.toString()),
        300);
    // A local repository holds no checksum files.
    String repository =
        "<id>central</id><url>file://"
            + central
            + "</url><releases><checksumPolicy>ignore</checksumPolicy></releases>";
    mkdirs(home.resolve(".m2"));
    SandboxScript.write(
        home.resolve(".m2/settings.xml"),
        "<settings><profiles><profile><id>host</id>\n"
            + "<repositories><repository>"
            + repository
            + "</repository></repositories>\n"
            + "<pluginRepositories><pluginRepository>"
            + repository
            + "</pluginRepository></pluginRepositories>\n"
            + "</profile></profiles><activeProfiles><activeProfile>host</activeProfile>"
            + "</activeProfiles></settings>\n");
  }

  /** makepkg in {@code dir} as the build user, with a clean environment. */
  private SandboxScript.Result makepkg(Path dir, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-u",
                BUILD_USER,
                "--",
                "env",
                "-i",
                "-C",
                dir.toString(),
                "PATH=/usr/local/bin:/usr/bin:/bin",
                "LANG=C.UTF-8",
                "HOME=" + home,
                // Maven finds settings.xml under user.home, which Java takes from the user's entry.
                "MAVEN_OPTS=-Duser.home=" + home,
                // Arch's package format; Debian's makepkg.conf says .pkg.tar.gz.
                "PKGEXT=.pkg.tar.zst",
                "makepkg"));
    args.addAll(List.of(options));
    return run("runuser", args, MAKEPKG_S);
  }

  private static String providingPkgbuild(List<String> provides) {
    StringBuilder p = new StringBuilder();
    for (String name : provides) {
      p.append(" '").append(name).append('\'');
    }
    return """
        pkgname=guest-system
        pkgver=1
        pkgrel=1
        pkgdesc='What the system guest has from Debian, outside pacman'
        arch=('any')
        license=('MIT')
        provides=(%s)
        package() { :; }
        """
        .formatted(p.toString().strip());
  }

  private static Path single(Path dir, String prefix) {
    try (var files = Files.list(dir)) {
      List<Path> found =
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .filter(f -> f.getFileName().toString().endsWith(".pkg.tar.zst"))
              .toList();
      if (found.size() != 1) {
        throw new IllegalStateException("expected one " + prefix + "*.pkg.tar.zst: " + found);
      }
      return found.get(0).getFileName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code program} and throws, naming it with the tail of its output, unless it exits 0. */
  private static SandboxScript.Result run(String program, List<String> args, long timeoutS) {
    SandboxScript.Result r = SandboxScript.exec(Path.of(program), args, Map.of(), timeoutS);
    if (r.code() != 0) {
      List<String> lines = List.of(r.output().split("\n"));
      throw new IllegalStateException(
          program
              + " "
              + String.join(" ", args)
              + " failed with status "
              + r.code()
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }
    return r;
  }

  private static void mkdirs(Path... dirs) {
    try {
      for (Path d : dirs) {
        Files.createDirectories(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
