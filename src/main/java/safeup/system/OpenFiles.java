package safeup.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Which files running processes have open, from {@code /proc/PID/fd}. */
final class OpenFiles {
  static final Path PROC = Path.of("/proc");

  private OpenFiles() {}

  /**
   * True when a process listed in {@code proc} has {@code file} open, or when that cannot be told
   * (without root, or a process whose descriptors cannot be read, as in some containers); a process
   * that ends while it is looked at is skipped.
   */
  static boolean anyProcessHolds(Path proc, Path file, boolean root) {
    if (!root) {
      return true;
    }
    Path wanted = file.toAbsolutePath().normalize();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path process : processes) {
        if (holds(process.resolve("fd"), wanted)) {
          return true;
        }
      }
    } catch (IOException e) {
      return true;
    }
    return false;
  }

  private static boolean holds(Path fds, Path wanted) {
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(fds)) {
      for (Path fd : descriptors) {
        try {
          if (Files.readSymbolicLink(fd).equals(wanted)) {
            return true;
          }
        } catch (NoSuchFileException e) {
          // closed while it was read
        } catch (IOException e) {
          return true; // cannot be told: taken as held
        }
      }
    } catch (NoSuchFileException e) {
      return false; // the process ended
    } catch (IOException e) {
      return true;
    }
    return false;
  }
}
