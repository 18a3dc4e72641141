package safeup.core.boot;

import java.nio.file.Path;
import safeup.core.Machine;
import safeup.files.SystemFileGateway;
import safeup.system.Host;

/** A root host whose files live under a directory: {@code /boot} is {@code DIR/boot}. */
final class DirectoryHost implements Host {
  private final Path dir;

  DirectoryHost(Path dir) {
    this.dir = dir;
  }

  /** A machine with only this host: enough for what reads and writes files. */
  static Machine machine(Path dir) {
    return new Machine(
        null,
        new SystemFileGateway(),
        null,
        new DirectoryHost(dir),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Override
  public boolean isRoot() {
    return true;
  }

  @Override
  public String machineId() {
    return "";
  }

  @Override
  public Path onDisk(Path path) {
    return dir.resolve(Path.of("/").relativize(path).toString());
  }
}
