package safeup.config;

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
 * @param extendAt how full (in percent) a thick snapshot may get while pacman runs before it is
 *     grown; 0 when safeup does not grow snapshots
 */
public record Config(
    List<VolumeName> volumes,
    SnapshotSize snapshotSize,
    List<String> rebootCommand,
    Duration pacmanLockWait,
    int extendAt) {

  public static final String DEFAULT_PATH = "/etc/safeup.conf";

  public static Config defaults() {
    return new Config(
        List.of(),
        SnapshotSize.parse("20%ORIGIN"),
        List.of("systemctl", "reboot"),
        Duration.ofSeconds(60),
        70);
  }
}
