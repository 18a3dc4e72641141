package safeup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.config.Config;
import safeup.config.ConfigParser;

/**
 * What the Arch package ships besides the program: the default {@code /etc/safeup.conf} and the
 * PKGBUILD's version; and the Ansible collection's version. The package itself is built and
 * installed in {@code SystemGuestPackageTest}.
 */
class PackagingTest {
  private static final Path SHIPPED_CONFIG = Path.of("src/main/conf/safeup.conf");
  private static final Pattern COMMENTED_SETTING =
      Pattern.compile("^#(\\w+) =( .*)?$", Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void theShippedConfigChangesNothingAndEachCommentedSettingIsTheDefault() throws IOException {
    String text = Files.readString(SHIPPED_CONFIG);
    assertSameSettings(Config.defaults(), ConfigParser.read(SHIPPED_CONFIG));

    Matcher setting = COMMENTED_SETTING.matcher(text);
    List<String> keys = new ArrayList<>();
    while (setting.find()) {
      keys.add(setting.group(1));
      Path uncommented = dir.resolve(setting.group(1) + ".conf");
      Files.writeString(uncommented, text.replace(setting.group(), setting.group().substring(1)));
      assertSameSettings(Config.defaults(), ConfigParser.read(uncommented));
    }
    // Volumes has no value to show for its default (no volume added); it is shown as an example.
    assertEquals(
        List.of(
            "SnapshotSize",
            "ExtendAt",
            "RebootCommand",
            "PacmanLockWait",
            "TrialBoots",
            "Unprotected"),
        keys);
    assertTrue(text.contains("#   Volumes = vg0/opt vg0/srv\n"), text);
  }

  @Test
  void thePkgbuildsAndTheAnsibleCollectionsVersionsAreTheProjects() throws IOException {
    Matcher pom =
        Pattern.compile("<artifactId>safeup</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(pom.find(), "the project's version in pom.xml");
    Matcher pkgbuild =
        Pattern.compile("^pkgver=(\\S+)$", Pattern.MULTILINE)
            .matcher(Files.readString(Path.of("src/arch/PKGBUILD")));
    assertTrue(pkgbuild.find(), "pkgver= in src/arch/PKGBUILD");
    assertEquals(pom.group(1), pkgbuild.group(1));
    Matcher galaxy =
        Pattern.compile("^version: (\\S+)$", Pattern.MULTILINE)
            .matcher(Files.readString(Path.of("src/ansible/galaxy.yml")));
    assertTrue(galaxy.find(), "version: in src/ansible/galaxy.yml");
    assertEquals(pom.group(1), galaxy.group(1), "the Ansible collection's version");
  }

  /** Config's snapshot size has no equals: compared by what it was written as. */
  private static void assertSameSettings(Config expected, Config actual) {
    assertEquals(expected.volumes(), actual.volumes());
    assertEquals(expected.snapshotSize().toString(), actual.snapshotSize().toString());
    assertEquals(expected.rebootCommand(), actual.rebootCommand());
    assertEquals(expected.pacmanLockWait(), actual.pacmanLockWait());
    assertEquals(expected.extendAt(), actual.extendAt());
    assertEquals(expected.unprotected(), actual.unprotected());
    assertEquals(expected.trialBoots(), actual.trialBoots());
  }
}
