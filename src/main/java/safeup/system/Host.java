package safeup.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the running process that safeup's checks depend on. */
public interface Host {

  /** True when safeup runs as root. */
  boolean isRoot();

  /** The real machine. */
  static Host system() {
    return () -> {
      try {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    };
  }
}
