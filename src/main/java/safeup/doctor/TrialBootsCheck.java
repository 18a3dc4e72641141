package safeup.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;

/**
 * Trial boots: on, and counted where they can be. safeup's units count every boot that reaches
 * userspace; GRUB counts a kernel that never does only where it can write its environment block (a
 * plain disk: not an LV).
 */
final class TrialBootsCheck implements Check {
  private static final String UNIT = "etc/systemd/system/safeup-trial.service";
  private static final String GRUBENV = "boot/grub/grubenv";

  @Override
  public String name() {
    return "trial boots";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    int trialBoots = context.configForChecks().trialBoots();
    if (trialBoots == 0) {
      return List.of(Finding.pass(name(), "off (TrialBoots = off): no update rolls itself back"));
    }
    Path root = context.paths().root();
    Path unit = context.machine().host().onDisk(root.resolve(UNIT));
    if (!Files.isRegularFile(unit)) {
      return List.of(
          Finding.warn(
              name(),
              "TrialBoots = "
                  + trialBoots
                  + ", but the trial units are not installed: no boot is tried",
              "run 'safeup boot enable'"));
    }
    Path grubenv = root.resolve(GRUBENV);
    if (!Files.isRegularFile(context.machine().host().onDisk(grubenv))) {
      return List.of(
          Finding.pass(
              name(),
              "after "
                  + trialBoots
                  + " failed trials the next boot rolls back; counted by"
                  + " safeup's units only (no GRUB environment block), so a kernel that never"
                  + " reaches userspace is not counted"));
    }
    Optional<Mount> mount = context.machine().mounts().get().holding(grubenv);
    Optional<LogicalVolume> lv = mount.flatMap(m -> LogicalVolume.mountedAs(m, context.volumes()));
    if (lv.isPresent()) {
      return List.of(
          Finding.warn(
              name(),
              grubenv
                  + " is inside "
                  + lv.get().name()
                  + ": GRUB cannot write it there, so only boots that reach userspace are counted;"
                  + " a kernel that never does is not",
              "a /boot on a plain partition (the usual ESP) lets GRUB count boots too"));
    }
    return List.of(
        Finding.pass(
            name(),
            "after "
                + trialBoots
                + " failed trials the next boot rolls back; GRUB counts boots too ("
                + grubenv
                + mount.map(m -> " on " + m.source() + ", " + m.fsType()).orElse("")
                + "), so a kernel that never reaches userspace counts"));
  }
}
