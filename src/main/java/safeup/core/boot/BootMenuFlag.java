package safeup.core.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SnapshotSet;
import safeup.process.Argv;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * {@value #VARIABLE} in GRUB's environment block ({@code /boot/grub/grubenv} of pacman's root),
 * which makes the boot menu show its "roll back the last update" entries ({@link GrubMenu}) while a
 * snapshot set is pending: whether one is pending is known at boot, not when grub.cfg was written.
 * It is set, to the set's ID, when a set stays pending after an update, and unset when the set is
 * kept, rolled back or removed because it protected nothing.
 *
 * <p>Only an environment block that exists is written (grub-install makes one; without GRUB there
 * is none), and only with {@code grub-editenv}. A failure is a warning: GRUB's menu never makes an
 * update, a keep or a rollback fail.
 */
public final class BootMenuFlag {
  /** The variable's name, in grubenv and in the generated grub.cfg. */
  public static final String VARIABLE = "safeup_pending";

  /** Where GRUB keeps its environment block, relative to pacman's root. */
  static final String GRUBENV = "boot/grub/grubenv";

  private final Machine machine;
  private final Console console;
  private final Path file;

  /**
   * @param pacmanRoot the root of the system whose boot menu this is ({@code /} unless pacman runs
   *     with {@code --root})
   */
  public BootMenuFlag(Machine machine, Console console, Path pacmanRoot) {
    this.machine = machine;
    this.console = console;
    this.file = pacmanRoot.resolve(GRUBENV);
  }

  /** The flag of the system {@code set} was made on: the root its copy of /boot names, or /. */
  public static BootMenuFlag of(Machine machine, Console console, SnapshotSet set) {
    Path root =
        set.bootSave().map(path -> BootSave.at(machine, path).pacmanRoot()).orElse(Path.of("/"));
    return new BootMenuFlag(machine, console, root);
  }

  /** Marks set {@code setId} as pending, so that the boot menu offers to roll it back. */
  public void set(String setId) {
    if (Files.isRegularFile(onDisk()) && !marked(setId)) {
      run(
          List.of("grub-editenv", file.toString(), "set", VARIABLE + "=" + setId),
          "the boot menu will not offer to roll back snapshot set " + setId);
    }
  }

  /** Removes the mark, when there is one: the boot menu no longer offers a rollback. */
  public void clear() {
    if (Files.isRegularFile(onDisk()) && marked()) {
      run(
          List.of("grub-editenv", file.toString(), "unset", VARIABLE),
          "the boot menu still offers to roll back a snapshot set that is gone; run 'grub-editenv "
              + file
              + " unset "
              + VARIABLE
              + "'");
    }
  }

  private boolean marked() {
    return marked("");
  }

  /** True when the block holds the mark, for set {@code setId} unless that is empty. */
  private boolean marked(String setId) {
    try {
      return Files.readAllLines(onDisk(), StandardCharsets.ISO_8859_1).stream()
          .anyMatch(
              line ->
                  setId.isEmpty()
                      ? line.startsWith(VARIABLE + "=")
                      : line.equals(VARIABLE + "=" + setId));
    } catch (IOException e) {
      return true; // unreadable here: let grub-editenv decide
    }
  }

  private void run(List<String> argv, String consequence) {
    String failure;
    try {
      ProcessResult result = machine.processes().change(argv);
      if (result.succeeded()) {
        return;
      }
      failure = "'" + Argv.render(argv) + "' failed: " + result.lastMessage();
    } catch (ProgramNotFoundException e) {
      failure = "grub-editenv was not found (it comes with grub)";
    }
    console.warning(failure + "; " + consequence);
  }

  private Path onDisk() {
    return machine.host().onDisk(file);
  }
}
