package safeup.core;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;
import safeup.system.Mount;

/** Where the origins of a set's snapshots are mounted on the running system. */
public final class Origins {
  private Origins() {}

  /**
   * Where the origin of {@code snapshot} is mounted, nearest the root when more than once; empty
   * when it is not active or not mounted.
   */
  public static Optional<Mount> mountOf(
      LogicalVolume snapshot, List<LogicalVolume> volumes, List<Mount> mounts) {
    VolumeName originName = SnapshotSet.originOf(snapshot);
    return volumes.stream()
        .filter(v -> v.name().equals(originName))
        .findFirst()
        .filter(LogicalVolume::active)
        .flatMap(
            o ->
                mounts.stream()
                    .filter(m -> m.major() == o.kernelMajor() && m.minor() == o.kernelMinor())
                    .min(Comparator.comparingInt(m -> Path.of(m.mountPoint()).getNameCount())));
  }
}
