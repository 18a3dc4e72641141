package safeup.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import safeup.console.Sizes;
import safeup.core.boot.BootSaves;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;

/**
 * /boot (and /efi) are protected: copied before each update and put back by a rollback, which needs
 * room for the copy on the root filesystem.
 */
final class BootCheck implements Check {
  @Override
  public String name() {
    return "/boot";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    Path root = context.paths().root();
    BootSaves.Estimate estimate;
    try {
      estimate = BootSaves.estimate(context.machine(), root);
    } catch (RuntimeException e) {
      throw new Unavailable(Verdict.WARN, "not checked: " + e.getMessage(), "");
    }
    if (estimate.dirs().isEmpty()) {
      return List.of(
          Finding.warn(
              name(),
              root.resolve("boot") + " is empty: there is no kernel there to protect",
              "if /boot is a separate filesystem, mount it (findmnt /boot)"));
    }
    List<Finding> findings = new ArrayList<>();
    for (Path dir : estimate.dirs()) {
      findings.add(
          Finding.pass(
              name(),
              dir
                  + where(context, dir)
                  + ": copied before each update and put back by a rollback before its reboot, so"
                  + " that the boot loader loads the kernel matching the old modules"));
    }
    if (!estimate.fits()) {
      findings.add(
          Finding.fail(
              name(),
              "copying "
                  + Sizes.human(estimate.bytes())
                  + " of /boot needs that much and 256 MiB more free next to it; "
                  + root.resolve("var/lib/safeup")
                  + " has "
                  + Sizes.human(estimate.free())
                  + ": an update would be refused",
              "free space on the root filesystem (pacman -Sc cleans the package cache), or remove"
                  + " old kernels from /boot"));
    } else {
      findings.add(
          Finding.pass(
              name(),
              "the copy takes "
                  + Sizes.human(estimate.bytes())
                  + "; "
                  + Sizes.human(estimate.free())
                  + " is free for it"));
    }
    return findings;
  }

  private static String where(DoctorContext context, Path dir) {
    Optional<Mount> mount = context.machine().mounts().get().holding(dir);
    if (mount.isEmpty()) {
      return "";
    }
    Optional<LogicalVolume> lv =
        context.isRoot()
            ? LogicalVolume.mountedAs(mount.get(), context.volumes())
            : Optional.empty();
    if (lv.isPresent()) {
      return " (inside " + lv.get().name() + ")";
    }
    return " (" + mount.get().source() + ", " + mount.get().fsType() + ")";
  }
}
