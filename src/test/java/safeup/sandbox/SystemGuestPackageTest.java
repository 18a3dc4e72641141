package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Layout;

/**
 * The Arch package: {@code src/arch/PKGBUILD} built on the host with the real makepkg (see {@link
 * ArchPackage}), then installed, checked, reinstalled and removed in the system guest with the real
 * {@code pacman -U}, {@code -Qkk} and {@code -R}.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestPackageTest {

  /** Where the package puts the repository's files: installed path, file in the checkout. */
  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put("/etc/safeup.conf", "src/main/conf/safeup.conf");
    FILES.put("/usr/bin/safeup", "src/main/sh/safeup");
    FILES.put("/usr/share/bash-completion/completions/safeup", "completion/safeup.bash");
    FILES.put("/usr/share/fish/vendor_completions.d/safeup.fish", "completion/safeup.fish");
    FILES.put("/usr/share/licenses/safeup/LICENSE", "LICENSE");
    FILES.put("/usr/share/man/man5/safeup.conf.5.gz", "man/safeup.conf.5");
    FILES.put("/usr/share/man/man8/safeup.8.gz", "man/safeup.8");
    FILES.put("/usr/share/zsh/site-functions/_safeup", "completion/_safeup");
  }

  private static final String JAR = "/usr/share/java/safeup/safeup.jar";

  @Test
  void thePackageBuiltByMakepkgInstallsChecksCleanKeepsAnEditedConfigAndRemoves(TestInfo test)
      throws IOException {
    SystemGuest guest = guest(test, Layout.THICK);
    ArchPackage.Built built =
        ArchPackage.build(guest.dir(), List.of("java-runtime-headless=25", "lvm2=2.03.31"));
    String srcinfo = built.srcinfo();
    for (String line :
        List.of(
            "pkgbase = safeup",
            "\tarch = any",
            "\tlicense = MIT",
            "\tmakedepends = java-environment>=17",
            "\tmakedepends = maven",
            "\tdepends = java-runtime-headless>=17",
            "\tdepends = lvm2",
            "\tbackup = etc/safeup.conf",
            "pkgname = safeup")) {
      assertTrue(srcinfo.contains(line + "\n"), line + " in makepkg --printsrcinfo:\n" + srcinfo);
    }
    assertTrue(built.log().contains("==> Starting check()..."), built.log());
    assertTrue(built.log().contains("Tests run:"), "check() runs the unit tests:\n" + built.log());

    Map<String, String> expected = new LinkedHashMap<>();
    for (Path hook : hooks()) {
      expected.put("/usr/share/libalpm/hooks/" + hook.getFileName(), hook.toString());
    }
    for (Path check : filesIn(Path.of("src/main/checks"))) {
      expected.put("/usr/lib/safeup/checks/" + check.getFileName(), check.toString());
    }
    // the help pages the launcher prints, as this build wrote them
    for (Path page : filesIn(Path.of("target/help"))) {
      expected.put("/usr/share/safeup/help/" + page.getFileName(), page.toString());
    }
    expected.putAll(FILES);
    String pkg = "/host/" + built.file().getFileName();
    String provider;
    try (Stream<Path> files = Files.list(guest.dir())) {
      provider =
          "/host/"
              + files
                  .map(f -> f.getFileName().toString())
                  .filter(f -> f.startsWith("guest-system-"))
                  .findFirst()
                  .orElseThrow();
    }
    StringBuilder digests = new StringBuilder();
    for (String path : expected.keySet()) {
      String show = path.endsWith(".gz") ? "zcat " + path : "cat " + path;
      digests.append(show).append(" | sha256sum | sed 's|-$|").append(path).append("|'\n");
    }
    String out =
        boot(
                guest,
                """
                # The output of a command that fails, and its exit status.
                quiet() { local o rc=0; o=$("$@" 2>&1) || rc=$?; [ "$rc" = 0 ] || echo "$o"; echo "exit=$rc"; }
                # safeup as the system disk installed it by hand, with its class cache, before
                # there was a package: the install must make the cache again.
                rm /usr/bin/safeup /etc/safeup.conf %3$s; rmdir /usr/share/java/safeup
                rm -r /usr/share/safeup
                rm -r /var/cache/safeup
                echo "## without java and lvm2 known to pacman"
                pacman -U --noconfirm %1$s 2>&1; echo "exit=$?"
                echo "## install"
                quiet pacman -U --noconfirm %2$s %1$s
                echo "## start-up cache"; ls /var/cache/safeup
                echo "## volumes"; lvs --noheadings -o lv_name,lv_tags | grep -c safeup
                echo "## version"; safeup --version
                echo "## man 8"; MANWIDTH=80 man -P cat safeup 2>&1 | head -n 4
                echo "## man 5"; MANWIDTH=80 man -P cat 5 safeup.conf 2>&1 | head -n 4
                echo "## files"; pacman -Qlq safeup | grep -v '/$'
                echo "## digests"
                %4$s
                echo "## check"; pacman -Qkk safeup 2>&1; echo "exit=$?"
                echo "## bash"; bash -c '. /usr/share/bash-completion/completions/safeup; complete -p safeup'
                echo "## doctor"; safeup --color never doctor | grep configuration
                echo "## reinstall"
                sed -i 's/^#PacmanLockWait = 60$/PacmanLockWait = 5/' /etc/safeup.conf
                quiet pacman -U --noconfirm %1$s
                grep '^PacmanLockWait' /etc/safeup.conf; ls /etc/safeup.conf.pacnew 2>&1
                echo "## remove"
                pacman -R --noconfirm safeup >/host/remove.out 2>&1; echo "exit=$?"; cat /host/remove.out
                ls /usr/bin/safeup %3$s /etc/safeup.conf /var/cache/safeup 2>&1; grep '^PacmanLockWait' /etc/safeup.conf.pacsave
                echo "## end"
                """
                    .formatted(pkg, provider, JAR, digests))
            .get(0)
            .output();

    assertTrue(
        section(out, "without java and lvm2 known to pacman")
            .contains("unable to satisfy dependency 'java-runtime-headless>=17'"),
        "pacman checks the runtime dependencies:\n" + out);
    assertTrue(section(out, "without java and lvm2 known to pacman").contains("exit=1\n"), out);
    assertEquals("exit=0\n", section(out, "install"), out);
    assertEquals("safeup 0.1.0\n", section(out, "version"), out);
    assertTrue(
        section(out, "start-up cache")
            .matches("safeup-25[.0-9]*\\.aot\nsafeup-25[.0-9]*\\.tried\n"),
        "the install made the AOT cache for the guest's Java 25:\n" + out);
    assertEquals(
        "0\n",
        section(out, "volumes"),
        "making the cache (a status and an update as a dry run) took no snapshot:\n" + out);
    assertTrue(section(out, "man 8").startsWith("SAFEUP(8)"), out);
    assertTrue(section(out, "man 8").contains("safeup - "), out);
    assertTrue(section(out, "man 5").startsWith("SAFEUP.CONF(5)"), out);
    List<String> installed = new ArrayList<>(expected.keySet());
    installed.add(JAR);
    assertEquals(
        installed.stream().sorted().toList(),
        section(out, "files").lines().sorted().toList(),
        "the package's files:\n" + out);
    StringBuilder want = new StringBuilder();
    expected.forEach(
        (path, source) -> want.append(sha256(source)).append("  ").append(path).append('\n'));
    assertEquals(want.toString(), section(out, "digests"), "the repository's files, as they are");
    assertTrue(
        section(out, "check").matches("(?s)safeup: \\d+ total files, 0 altered files\nexit=0\n"),
        "pacman -Qkk:\n" + out);
    assertTrue(section(out, "bash").contains(" safeup\n"), out);
    assertTrue(
        section(out, "doctor").contains("pass  configuration: /etc/safeup.conf is valid"), out);
    assertEquals(
        "exit=0\nPacmanLockWait = 5\nls: cannot access '/etc/safeup.conf.pacnew': No such file or"
            + " directory\n",
        section(out, "reinstall"),
        "an edited /etc/safeup.conf survives a reinstall:\n" + out);
    String removed = section(out, "remove");
    assertTrue(removed.contains("/etc/safeup.conf saved as /etc/safeup.conf.pacsave"), out);
    assertTrue(removed.contains("exit=0\n"), out);
    assertTrue(removed.contains("cannot access '/usr/bin/safeup'"), out);
    assertTrue(removed.contains("cannot access '" + JAR + "'"), out);
    assertTrue(removed.contains("cannot access '/var/cache/safeup'"), "the cache is gone:\n" + out);
    assertTrue(removed.endsWith("PacmanLockWait = 5\n"), out);
  }

  /** The files in {@code dir}, by name (the shipped health checks). */
  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  /** The pacman hooks the repository has, which the package must install. */
  private static List<Path> hooks() throws IOException {
    Path alpm = Path.of("src/main/alpm");
    if (!Files.isDirectory(alpm)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(alpm)) {
      return files.filter(f -> f.toString().endsWith(".hook")).sorted().toList();
    }
  }

  /** What the script printed between "## NAME" and the next "## ". */
  private static String section(String out, String name) {
    int start = out.indexOf("## " + name + "\n");
    assertTrue(start >= 0, "no section " + name + " in:\n" + out);
    start += name.length() + 4;
    int end = out.indexOf("## ", start);
    return out.substring(start, end < 0 ? out.length() : end);
  }

  private static String sha256(String file) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
