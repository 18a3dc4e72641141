package safeup.core.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * {@value #VARIABLE} in GRUB's environment block: from the moment the merge of the root is
 * scheduled until /boot is put back, it names the copy of /boot on the root filesystem. While it is
 * set, the boot menu's default entry boots the kernel and initramfs of that copy, which match the
 * modules the merge brings back, into the rollback target, which finishes the put back and reboots
 * ({@link GrubMenu}). A power cut in the middle of a rollback thus never boots the update's kernel
 * over the old modules, nor a kernel with another kernel's initramfs.
 *
 * <p>The copy must be on the root filesystem (the usual layout; not with a separate /var) and in
 * the root's snapshot set: GRUB reads it there with its own LVM driver, which sees the same files
 * before the merge and after it, as the copy was taken before the snapshots.
 */
public final class BootPutBackFlag {
  /** The variable's name, in grubenv and in the generated grub.cfg. */
  public static final String VARIABLE = "safeup_put_back";

  private final Machine machine;
  private final GrubEnvironment environment;
  private final Optional<BootSave> save;

  private BootPutBackFlag(
      Machine machine, Console console, Path pacmanRoot, Optional<BootSave> save) {
    this.machine = machine;
    this.environment = new GrubEnvironment(machine, console, pacmanRoot);
    this.save = save;
  }

  /** The flag for putting back {@code save}. */
  public static BootPutBackFlag of(Machine machine, Console console, BootSave save) {
    return new BootPutBackFlag(machine, console, save.pacmanRoot(), Optional.of(save));
  }

  /** The flag of the system at {@code pacmanRoot}, only to be cleared: one left over. */
  public static BootPutBackFlag leftOver(Machine machine, Console console, Path pacmanRoot) {
    return new BootPutBackFlag(machine, console, pacmanRoot, Optional.empty());
  }

  /** The root of the system {@code set} was made on: the one its copy of /boot names, or /. */
  static Path systemRoot(Machine machine, SnapshotSet set) {
    return set.bootSave().map(path -> BootSave.at(machine, path).pacmanRoot()).orElse(Path.of("/"));
  }

  /**
   * The member of {@code set} whose merge brings the root back, when the boot menu can boot the
   * copy's kernel from it: the copy holds /boot, it is on the root filesystem, and that is in the
   * set; empty otherwise.
   */
  public Optional<LogicalVolume> rootMember(SnapshotSet set) {
    if (save.isEmpty() || !save.get().tops().contains("boot")) {
      return Optional.empty();
    }
    MountTable mounts = machine.mounts().get();
    Optional<Mount> root = mounts.holding(save.get().pacmanRoot());
    Optional<Mount> copy = mounts.holding(save.get().location());
    if (root.isEmpty() || !root.equals(copy)) {
      return Optional.empty();
    }
    List<LogicalVolume> volumes = machine.listVolumes();
    return LogicalVolume.mountedAs(root.get(), volumes)
        .flatMap(
            origin ->
                set.snapshots().stream()
                    .filter(s -> SnapshotSet.originOf(s).equals(origin.name()))
                    .findFirst());
  }

  /**
   * Sets the flag, once the root's merge is scheduled, and flushes it to the disk GRUB reads. A
   * failure is a warning: the merge cannot be undone, and the put back goes on.
   */
  public void set() {
    if (save.isEmpty() || !environment.exists() || environment.holds(VARIABLE, value())) {
      return;
    }
    boolean set =
        environment.set(
            VARIABLE,
            value(),
            "should the power fail before /boot is put back, the next boot starts the update's"
                + " kernel: then choose the boot menu's rollback entry");
    if (set) {
      PageCache.flush(machine.processes());
    }
  }

  /**
   * Removes the flag once /boot is put back.
   *
   * @return whether it was set and is gone now
   */
  public boolean clear() {
    if (!environment.exists() || !environment.holds(VARIABLE, "")) {
      return false;
    }
    return environment.unset(
        VARIABLE,
        "the boot menu's default stays the saved kernel, whose boot into the rollback target"
            + " clears it; to clear it by hand: grub-editenv "
            + environment.file()
            + " unset "
            + VARIABLE);
  }

  private String value() {
    return save.orElseThrow().copyOfTop("boot");
  }
}
