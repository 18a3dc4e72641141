package safeup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import safeup.lvm.VolumeName;

class ConfigParserTest {
  @TempDir Path dir;

  @Test
  void missingFileMeansDefaults() {
    Config config = ConfigParser.read(dir.resolve("none.conf"));
    assertEquals(List.of(), config.volumes());
    assertEquals("20%ORIGIN", config.snapshotSize().toString());
    assertEquals(List.of("systemctl", "reboot"), config.rebootCommand());
    assertEquals(Duration.ofSeconds(60), config.pacmanLockWait());
    assertEquals(70, config.extendAt());
  }

  @ParameterizedTest
  @CsvSource({"ExtendAt = 85%,85", "ExtendAt = 50,50", "ExtendAt = off,0", "ExtendAt = OFF,0"})
  void extendAtIsAPercentageOrOff(String line, int expected) {
    assertEquals(expected, ConfigParser.parse("f.conf", List.of("[options]", line)).extendAt());
  }

  @Test
  void readsEveryKeyWithCommentsAndBlankLines() throws IOException {
    Path file = dir.resolve("safeup.conf");
    Files.writeString(
        file,
        "# safeup\n\n[options]\nVolumes = vg0/root  vg0/home\nSnapshotSize = 4G\n"
            + "RebootCommand = /usr/bin/systemctl reboot --no-wall\nPacmanLockWait = 5\n");
    Config config = ConfigParser.read(file);
    assertEquals(
        List.of(new VolumeName("vg0", "root"), new VolumeName("vg0", "home")), config.volumes());
    assertEquals(List.of("--size", "4g"), config.snapshotSize().lvcreateArguments());
    assertEquals(List.of("/usr/bin/systemctl", "reboot", "--no-wall"), config.rebootCommand());
    assertEquals(Duration.ofSeconds(5), config.pacmanLockWait());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[options];Volume = vg0/root|f.conf:2: unknown key 'Volume'",
        "Volumes = vg0/root|f.conf:1: 'Volumes' must come after the line [options]",
        "[options];[repo]|f.conf:2: unknown section '[repo]'",
        "[options];Volumes|f.conf:2: expected 'Key = Value'",
        "[options];Volumes = root|f.conf:2: Volumes: 'root' is not a logical volume name",
        "[options];Volumes = vg0/ro$ot|f.conf:2: Volumes: logical volume name 'ro$ot' may contain only",
        "[options];Volumes = vg0/root vg0/root|f.conf:2: Volumes: 'vg0/root' is listed twice",
        "[options];SnapshotSize = lots|f.conf:2: SnapshotSize: 'lots' is not a snapshot size",
        "[options];SnapshotSize = 120%ORIGIN|f.conf:2: SnapshotSize: '120%ORIGIN' is not a percentage",
        "[options];RebootCommand =|f.conf:2: RebootCommand: needs a command",
        "[options];PacmanLockWait = soon|f.conf:2: PacmanLockWait: 'soon' is not a number",
        "[options];SnapshotSize = 1G;SnapshotSize = 2G|f.conf:3: 'SnapshotSize' is set twice",
        "[options];ExtendAt = 100%|f.conf:2: ExtendAt: '100%' is not a percentage from 1% to 99%",
        "[options];ExtendAt = 0|f.conf:2: ExtendAt: '0' is not a percentage from 1% to 99%, or off",
      })
  void badInputNamesFileAndLine(String text, String expected) {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ConfigParser.parse("f.conf", List.of(text.split(";"))));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void unreadableFileIsAnErrorNamingIt() throws IOException {
    Path file = dir.resolve("binary.conf");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void directoryIsAnErrorNamingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(dir));
    assertTrue(e.getMessage().startsWith(dir + ": cannot be read"), e.getMessage());
  }
}
