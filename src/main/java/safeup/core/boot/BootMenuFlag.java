package safeup.core.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SnapshotSet;

/**
 * {@value #VARIABLE} in GRUB's environment block ({@code /boot/grub/grubenv} of pacman's root),
 * which makes the boot menu show its "roll back the last update" entries ({@link GrubMenu}) while a
 * snapshot set is pending: whether one is pending is known at boot, not when grub.cfg was written.
 * It is set, to the set's ID, when a set stays pending after an update, and unset when the set is
 * kept, rolled back or removed because it protected nothing.
 *
 * <p>A failure to write it is a warning: GRUB's menu never makes an update, a keep or a rollback
 * fail.
 */
public final class BootMenuFlag {
  /** The variable's name, in grubenv and in the generated grub.cfg. */
  public static final String VARIABLE = "safeup_pending";

  /**
   * How many more boots GRUB starts with the set pending before it makes the rollback entry its
   * default: GRUB counts it down with {@code save_env}, where it can write its environment block (a
   * plain disk, not LVM); a good trial boot sets it back to {@code TrialBoots}.
   */
  public static final String TRIES_LEFT = "safeup_tries_left";

  private final GrubEnvironment environment;

  /**
   * @param pacmanRoot the root of the system whose boot menu this is ({@code /} unless pacman runs
   *     with {@code --root})
   */
  public BootMenuFlag(Machine machine, Console console, Path pacmanRoot) {
    this.environment = new GrubEnvironment(machine, console, pacmanRoot);
  }

  /** The flag of the system {@code set} was made on: the root its copy of /boot names, or /. */
  public static BootMenuFlag of(Machine machine, Console console, SnapshotSet set) {
    return new BootMenuFlag(machine, console, BootPutBackFlag.systemRoot(machine, set));
  }

  /** The flag of the system whose /boot {@code save} copied. */
  public static BootMenuFlag of(Machine machine, Console console, BootSave save) {
    return new BootMenuFlag(machine, console, save.pacmanRoot());
  }

  /**
   * Marks set {@code setId} as pending, so that the boot menu offers to roll it back, and, the
   * first time, gives GRUB {@code trialBoots} boots to start before it makes the rollback entry its
   * default (none when trial boots are off).
   */
  public void set(String setId, int trialBoots) {
    if (!environment.exists() || environment.holds(VARIABLE, setId)) {
      return;
    }
    List<String> assignments = new ArrayList<>(List.of(VARIABLE + "=" + setId));
    if (trialBoots > 0 && !environment.holds(TRIES_LEFT, "")) {
      assignments.add(TRIES_LEFT + "=" + trialBoots);
    }
    environment.set(assignments, "the boot menu will not offer to roll back snapshot set " + setId);
  }

  /** After a good trial boot: GRUB may start {@code trialBoots} more before it rolls back. */
  public void rearm(int trialBoots) {
    if (environment.exists() && !environment.holds(TRIES_LEFT, String.valueOf(trialBoots))) {
      environment.set(
          TRIES_LEFT,
          String.valueOf(trialBoots),
          "GRUB may roll the update back sooner than TrialBoots failed boots");
    }
  }

  /** Removes the mark, when there is one: the boot menu no longer offers a rollback. */
  public void clear() {
    if (environment.exists() && environment.holds(VARIABLE, "")) {
      environment.unset(
          List.of(VARIABLE, TRIES_LEFT),
          "the boot menu still offers to roll back a snapshot set that is gone; run 'grub-editenv "
              + environment.file()
              + " unset "
              + VARIABLE
              + " "
              + TRIES_LEFT
              + "'");
    }
  }
}
