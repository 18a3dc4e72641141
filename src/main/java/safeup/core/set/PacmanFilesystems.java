package safeup.core.set;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import safeup.core.ExitCode;
import safeup.core.SafeupException;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * The filesystems mounted below pacman's root that a pacman run may write to. Those on LVM join the
 * snapshot set; /boot and /efi are copied by {@link BootSave} wherever they are; any other is
 * refused, unless the configuration leaves it out on purpose ({@code Unprotected}).
 */
public final class PacmanFilesystems {
  /** Packages write here wherever it is mounted. */
  private static final Set<String> SYSTEM_DIRS = Set.of("boot", "efi", "etc", "usr");

  /** Packages write here only where they own files: a data volume under /var is not theirs. */
  private static final Set<String> SHARED_DIRS = Set.of("opt", "srv", "var");

  /** Directories {@link BootSave} copies before the snapshots. */
  private static final Set<String> BOOT_DIRS = Set.of("boot", "efi");

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

  /** How a filesystem pacman writes to is protected. */
  public enum Protection {
    /** On LVM: its volume joins the set. */
    IN_SET,
    /** /boot or /efi outside LVM: copied before the update, put back by a rollback. */
    COPIED,
    /** Listed in {@code Unprotected}: left as the update leaves it. */
    UNPROTECTED,
    /** None of these: the update is refused. */
    NONE
  }

  /** A filesystem pacman writes to, and how it is protected. */
  public record Written(Mount mount, Optional<LogicalVolume> volume, Protection protection) {}

  private PacmanFilesystems() {}

  /**
   * Every filesystem mounted below {@code root} (not the root itself) that pacman may write to.
   *
   * @param owned whether installed packages own anything in a directory (relative to the root)
   */
  public static List<Written> find(
      Path root,
      MountTable mounts,
      List<LogicalVolume> volumes,
      List<Path> unprotected,
      Predicate<String> owned) {
    List<Written> found = new ArrayList<>();
    for (Mount mount : mounts.all()) {
      Path point = Path.of(mount.mountPoint());
      if (!point.startsWith(root) || point.equals(root) || VIRTUAL.contains(mount.fsType())) {
        continue;
      }
      String top = root.relativize(point).getName(0).toString();
      boolean written =
          SYSTEM_DIRS.contains(top)
              || (SHARED_DIRS.contains(top) && owned.test(root.relativize(point).toString()));
      if (!written) {
        continue;
      }
      Optional<LogicalVolume> lv =
          volumes.stream()
              .filter(v -> v.kernelMajor() == mount.major() && v.kernelMinor() == mount.minor())
              .findFirst();
      Protection protection =
          lv.isPresent()
              ? Protection.IN_SET
              : BOOT_DIRS.contains(top)
                  ? Protection.COPIED
                  : unprotected.contains(point) ? Protection.UNPROTECTED : Protection.NONE;
      found.add(new Written(mount, lv, protection));
    }
    return found;
  }

  /** The volumes of {@code written} that join the set; a refusal naming one that is unprotected. */
  static List<LogicalVolume> volumes(List<Written> written, Path configFile) {
    List<LogicalVolume> found = new ArrayList<>();
    for (Written w : written) {
      if (w.protection() == Protection.NONE) {
        throw new SafeupException(ExitCode.REFUSED, refusal(w.mount(), configFile));
      }
      w.volume().filter(lv -> !found.contains(lv)).ifPresent(found::add);
    }
    return found;
  }

  /** Why an update is refused because of {@code mount}, and what to do. */
  public static String refusal(Mount mount, Path configFile) {
    return mount.mountPoint()
        + " is a separate filesystem ("
        + mount.source()
        + ", "
        + mount.fsType()
        + ") that pacman writes to, and it is not on LVM: a rollback could not bring it back with"
        + " the rest of the system. Move it onto an LVM volume, or, to update with it"
        + " unprotected, add 'Unprotected = "
        + mount.mountPoint()
        + "' to "
        + configFile;
  }
}
