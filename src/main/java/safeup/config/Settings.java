package safeup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import safeup.lvm.SnapshotSize;
import safeup.lvm.VolumeName;

/** The settings as the config file is read, one key at a time: the defaults until a key is set. */
final class Settings {
  List<VolumeName> volumes = List.of();
  SnapshotSize snapshotSize = SnapshotSize.parse("20%ORIGIN");
  List<String> rebootCommand = List.of("systemctl", "reboot");
  Duration pacmanLockWait = Duration.ofSeconds(60);
  int extendAt = 70;
  List<Path> unprotected = List.of();
  List<String> frontEnds = List.of("paru", "yay");
  int trialBoots = 2;

  Config config() {
    return new Config(
        volumes,
        snapshotSize,
        rebootCommand,
        pacmanLockWait,
        extendAt,
        unprotected,
        frontEnds,
        trialBoots);
  }
}
