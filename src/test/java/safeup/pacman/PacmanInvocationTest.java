package safeup.pacman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacmanInvocationTest {
  private static PacmanInvocation of(String... args) {
    return PacmanInvocation.of(List.of(args));
  }

  @Test
  void plainUpgradeMovesNothing() {
    PacmanInvocation p = of("-Syu");
    assertEquals(Optional.empty(), p.root());
    assertEquals("/", p.installRoot());
  }

  @Test
  void readsLongOptionsWithSpaceOrEquals() {
    PacmanInvocation p =
        of("--root", "/mnt", "--config=/etc/p.conf", "--logfile", "/l.log", "--dbpath=/db", "-Syu");
    assertEquals(Optional.of("/mnt"), p.root());
    assertEquals(Optional.of("/etc/p.conf"), p.config());
    assertEquals(Optional.of("/l.log"), p.logFile());
    assertEquals(Optional.of("/db"), p.dbPath());
  }

  @Test
  void readsShortRootAndDbpathAttachedSeparateOrEndingACluster() {
    assertEquals(Optional.of("/mnt"), of("-Syu", "-r", "/mnt").root());
    assertEquals(Optional.of("/mnt"), of("-r/mnt", "-Syu").root());
    assertEquals(Optional.of("/mnt"), of("-Syur", "/mnt").root());
    assertEquals(Optional.of("/db"), of("-Sb", "/db", "-y").dbPath());
  }

  @Test
  void sysrootCombinesWithRoot() {
    assertEquals("/sys/mnt", of("--sysroot", "/sys", "--root", "/mnt", "-Syu").installRoot());
    assertEquals("/sys", of("--sysroot=/sys/", "-Syu").installRoot());
  }

  @Test
  void refusesAbbreviatedPathOptions() {
    for (String abbreviated : List.of("--roo", "--sysr", "--dbp", "--logf", "--conf=/x")) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> of(abbreviated, "/mnt", "-Syu"));
      org.junit.jupiter.api.Assertions.assertTrue(
          e.getMessage().contains("in full"), e.getMessage());
    }
    assertEquals(Optional.empty(), of("--color", "never", "-Syu").root());
  }

  @Test
  void stopsAtDoubleDash() {
    assertEquals(Optional.empty(), of("-S", "--", "--root", "/mnt").root());
  }

  @Test
  void otherOptionsAndTargetsAreNotMistaken() {
    PacmanInvocation p = of("-S", "--needed", "--ignore", "linux", "rsync", "bash");
    assertEquals(Optional.empty(), p.root());
    assertEquals(Optional.empty(), p.dbPath());
    assertEquals(List.of("-S", "--needed", "--ignore", "linux", "rsync", "bash"), p.arguments());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "-Qi linux, true",
    "-Q, true",
    "--query --info linux, true",
    "-Ss vim, true",
    "-Si vim, true",
    "-S --print vim, true",
    "-Fl vim, true",
    "-Fy, false",
    "-T 'foo>1', true",
    "-S -h, true",
    "--version, true",
    "-Syu, false",
    "-S vim, false",
    "-Syi vim, false",
    "-Sc, false",
    "-R vim, false",
    "-U /tmp/x.pkg.tar.zst, false",
    "-D --asdeps vim, false",
    "-Rs vim, false",
    "-S -- -s, false",
    "-Syu -r/home/arch, false",
    "-Syu -b/srv/hostdb, false",
    "-Rns -r/chroot x, false",
    "-U -r/srv/h pkg, false",
    "-S --ignore -Q vim, false",
    "-S --sysupgrade --refresh, false",
    "'', true",
    "vim, true",
    "-Qk, true",
    "-Dk, true",
    "-Dkk, true",
    "--database --check, true",
    "-Sp vim, true",
    "-Sup, true",
    "-Syup, false",
    "-Rp vim, true",
    "-Rs --print vim, true",
    "-Up /tmp/x.pkg.tar.zst, true",
    "-Syu --root, true",
    "-Syu -r, true",
    "-Syu --ignore, true",
    "-Syur, true",
  })
  void readOnlyOperationsNeedNoSnapshot(String words, boolean readOnly) {
    List<String> args = words.isEmpty() ? List.of() : List.of(words.split(" "));
    assertEquals(readOnly, PacmanInvocation.of(args).readOnly(), words);
  }

  @Test
  void aPathOptionWithoutItsValueIsIncompleteNotACrash() {
    PacmanInvocation p = of("-Syu", "--root");
    assertTrue(p.incomplete());
    assertEquals(Optional.empty(), p.root());
    assertEquals("/", p.installRoot());
  }
}
