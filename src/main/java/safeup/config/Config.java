package safeup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import safeup.lvm.SnapshotSize;
import safeup.lvm.VolumeName;

/**
 * safeup's settings, from {@code /etc/safeup.conf}.
 *
 * @param volumes the LVs to snapshot together; empty means the LVs that hold pacman's root
 * @param snapshotSize size of each thick snapshot
 * @param rebootCommand the argv that reboots the machine after a rollback is scheduled
 * @param pacmanLockWait how long to wait for pacman's database lock before refusing
 * @param unprotected mount points pacman writes to that are deliberately left out of the set
 */
public record Config(
    List<VolumeName> volumes,
    SnapshotSize snapshotSize,
    List<String> rebootCommand,
    Duration pacmanLockWait,
    List<Path> unprotected) {

  public static final String DEFAULT_PATH = "/etc/safeup.conf";

  public static Config defaults() {
    return new Config(
        List.of(),
        SnapshotSize.parse("20%ORIGIN"),
        List.of("systemctl", "reboot"),
        Duration.ofSeconds(60),
        List.of());
  }
}
