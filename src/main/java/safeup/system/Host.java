package safeup.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the running process and machine that safeup's checks depend on. */
public interface Host {

  /** True when safeup runs as root. */
  boolean isRoot();

  /**
   * This system's {@code /etc/machine-id}, which tells its snapshot sets from those of another
   * system sharing the volume group (a dual boot); empty when unknown.
   */
  String machineId();

  /**
   * Where the file at {@code path}, as the running system names it, is read and written: the path
   * itself on a real machine.
   */
  default Path onDisk(Path path) {
    return path;
  }

  /**
   * Data written but not yet on disk ({@code Dirty} plus {@code Writeback} in {@code
   * /proc/meminfo}), in bytes: what a {@code sync} is about to write; 0 when unknown.
   */
  default long unwrittenBytes() {
    return 0;
  }

  /** The real machine. */
  static Host system() {
    return new Host() {
      @Override
      public boolean isRoot() {
        try {
          return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      }

      @Override
      public String machineId() {
        try {
          String id = Files.readString(Path.of("/etc/machine-id")).strip();
          return id.matches("[0-9a-f]{32}") ? id : "";
        } catch (IOException e) {
          return "";
        }
      }

      @Override
      public long unwrittenBytes() {
        try {
          return MemInfo.unwrittenBytes(Files.readAllLines(Path.of("/proc/meminfo")));
        } catch (IOException e) {
          return 0;
        }
      }
    };
  }
}
