package safeup.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /** This process's id. */
  default long pid() {
    return ProcessHandle.current().pid();
  }

  /** The ids of this process's parent, its parent's parent, and so on up to the init. */
  default List<Long> ancestors() {
    return List.of();
  }

  /** The command line of process {@code pid}, empty when it cannot be read. */
  default List<String> commandLine(long pid) {
    return List.of();
  }

  /**
   * Whether a running process has {@code file} open: libalpm keeps its lock file open for as long
   * as it holds the lock, so a lock file no process has open was left by one that died. True when
   * it cannot be told (not root, say): a lock is then taken as held.
   */
  default boolean isOpenByAProcess(Path file) {
    return true;
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
      public boolean isOpenByAProcess(Path file) {
        return OpenFiles.anyProcessHolds(OpenFiles.PROC, file, isRoot());
      }

      @Override
      public List<Long> ancestors() {
        List<Long> ids = new ArrayList<>();
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        while (parent.isPresent() && ids.size() < 4096) {
          ids.add(parent.get().pid());
          parent = parent.get().parent();
        }
        return ids;
      }

      @Override
      public List<String> commandLine(long pid) {
        try {
          String text =
              new String(
                  Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
          return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException e) {
          return List.of();
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
