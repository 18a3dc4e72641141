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
 * @param extendAt how full (in percent) a thick snapshot may get while pacman runs before it is
 *     grown; 0 when safeup does not grow snapshots
 * @param unprotected mount points pacman writes to that are deliberately left out of the set
 * @param frontEnds the pacman front ends (AUR helpers) that {@code safeup NAME ARGS} runs under a
 *     snapshot set
 * @param trialBoots after how many failed trial boots a pending set is rolled back by itself; 0
 *     when boots are not tried
 */
public record Config(
    List<VolumeName> volumes,
    SnapshotSize snapshotSize,
    List<String> rebootCommand,
    Duration pacmanLockWait,
    int extendAt,
    List<Path> unprotected,
    List<String> frontEnds,
    int trialBoots) {

  public static final String DEFAULT_PATH = "/etc/safeup.conf";

  public static Config defaults() {
    return new Settings().config();
  }
}
