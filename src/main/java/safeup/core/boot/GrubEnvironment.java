package safeup.core.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.process.Argv;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * GRUB's environment block ({@code /boot/grub/grubenv} of pacman's root), read here and written
 * only with {@code grub-editenv}. Only a block that exists is written: grub-install makes one, and
 * without GRUB there is none. A failure is a warning, never a reason for safeup to fail.
 */
final class GrubEnvironment {
  /** Where GRUB keeps its environment block, relative to pacman's root. */
  static final String FILE = "boot/grub/grubenv";

  private final Machine machine;
  private final Console console;
  private final Path file;

  GrubEnvironment(Machine machine, Console console, Path pacmanRoot) {
    this.machine = machine;
    this.console = console;
    this.file = pacmanRoot.resolve(FILE);
  }

  /** True when the block exists: the only case in which it is written. */
  boolean exists() {
    return Files.isRegularFile(onDisk());
  }

  /**
   * True when the block holds {@code name} set to {@code value}, or set at all when {@code value}
   * is empty. A block that cannot be read is written anyway: false for a value to set, true for a
   * variable to unset.
   */
  boolean holds(String name, String value) {
    try {
      return Files.readAllLines(onDisk(), StandardCharsets.ISO_8859_1).stream()
          .anyMatch(
              line ->
                  value.isEmpty() ? line.startsWith(name + "=") : line.equals(name + "=" + value));
    } catch (IOException e) {
      return value.isEmpty();
    }
  }

  /** Sets {@code name}; false, after a warning ending in {@code consequence}, when that failed. */
  boolean set(String name, String value, String consequence) {
    return set(List.of(name + "=" + value), consequence);
  }

  /** Sets each {@code NAME=VALUE} of {@code assignments} in one write. */
  boolean set(List<String> assignments, String consequence) {
    List<String> argv = new ArrayList<>(List.of("grub-editenv", file.toString(), "set"));
    argv.addAll(assignments);
    return edit(argv, consequence);
  }

  /** Unsets {@code names} in one write; false, after a warning, when that failed. */
  boolean unset(List<String> names, String consequence) {
    List<String> argv = new ArrayList<>(List.of("grub-editenv", file.toString(), "unset"));
    argv.addAll(names);
    return edit(argv, consequence);
  }

  /**
   * Unsets {@code name}; false, after a warning ending in {@code consequence}, when that failed.
   */
  boolean unset(String name, String consequence) {
    return unset(List.of(name), consequence);
  }

  /** The block as the running system names it, for messages. */
  Path file() {
    return file;
  }

  private boolean edit(List<String> argv, String consequence) {
    String failure;
    try {
      ProcessResult result = machine.processes().change(argv);
      if (result.succeeded()) {
        return true;
      }
      failure = "'" + Argv.render(argv) + "' failed: " + result.lastMessage();
    } catch (ProgramNotFoundException e) {
      failure = "grub-editenv was not found (it comes with grub)";
    }
    console.warning(failure + "; " + consequence);
    return false;
  }

  private Path onDisk() {
    return machine.host().onDisk(file);
  }
}
