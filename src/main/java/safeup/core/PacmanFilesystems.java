package safeup.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * The filesystems mounted below pacman's root that a pacman run may write to. Those on LVM join the
 * snapshot set; /boot and /efi are saved by {@link BootSave} wherever they are; any other is
 * refused, unless the configuration leaves it out on purpose ({@code Unprotected}).
 */
final class PacmanFilesystems {
  /** Packages write here wherever it is mounted. */
  private static final Set<String> SYSTEM_DIRS = Set.of("boot", "efi", "etc", "usr");

  /** Packages write here only where they own files: a data volume under /var is not theirs. */
  private static final Set<String> SHARED_DIRS = Set.of("opt", "srv", "var");

  /** Directories {@link BootSave} copies before the snapshots. */
  static final Set<String> BOOT_DIRS = Set.of("boot", "efi");

  private static final Set<String> VIRTUAL =
      Set.of(
          "autofs",
          "binfmt_misc",
          "bpf",
          "cgroup",
          "cgroup2",
          "configfs",
          "debugfs",
          "devpts",
          "devtmpfs",
          "efivarfs",
          "fusectl",
          "hugetlbfs",
          "mqueue",
          "nsfs",
          "proc",
          "pstore",
          "ramfs",
          "rpc_pipefs",
          "securityfs",
          "selinuxfs",
          "sysfs",
          "tmpfs",
          "tracefs");

  private PacmanFilesystems() {}

  /**
   * The LVs of the filesystems below {@code root} that pacman may write to, beyond those holding
   * the root itself; a refusal naming any such filesystem that is neither on LVM, nor saved, nor
   * listed in {@code unprotected}.
   *
   * @param owned whether installed packages own anything in a directory (relative to the root)
   */
  static List<LogicalVolume> volumes(
      Path root,
      MountTable mounts,
      List<LogicalVolume> volumes,
      List<Path> unprotected,
      Predicate<String> owned,
      Path configFile) {
    List<LogicalVolume> found = new ArrayList<>();
    for (Mount mount : mounts.all()) {
      Path point = Path.of(mount.mountPoint());
      if (!point.startsWith(root) || point.equals(root) || VIRTUAL.contains(mount.fsType())) {
        continue;
      }
      String relative = root.relativize(point).toString();
      String top = root.relativize(point).getName(0).toString();
      boolean written =
          SYSTEM_DIRS.contains(top) || (SHARED_DIRS.contains(top) && owned.test(relative));
      if (!written) {
        continue;
      }
      Optional<LogicalVolume> lv =
          volumes.stream()
              .filter(v -> v.kernelMajor() == mount.major() && v.kernelMinor() == mount.minor())
              .findFirst();
      if (lv.isPresent()) {
        if (!found.contains(lv.get())) {
          found.add(lv.get());
        }
      } else if (!BOOT_DIRS.contains(top) && !unprotected.contains(point)) {
        throw new SafeupException(
            ExitCode.REFUSED,
            point
                + " is a separate filesystem ("
                + mount.source()
                + ", "
                + mount.fsType()
                + ") that pacman writes to, and it is not on LVM: a rollback could not bring"
                + " it back with the rest of the system. Move it onto an LVM volume, or, to"
                + " update with it unprotected, add 'Unprotected = "
                + point
                + "' to "
                + configFile);
      }
    }
    return found;
  }
}
