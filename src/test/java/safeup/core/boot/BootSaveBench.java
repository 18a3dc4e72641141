package safeup.core.boot;

import java.nio.file.Path;
import safeup.core.Machine;

/**
 * Copies a /boot-like tree as an update does, then puts it back as a rollback does; run by {@code
 * src/test/bench/boot-copy}, which times it against {@code cp -a} plus {@code sha256sum}.
 *
 * <p>Arguments: ROOT (holding boot/) and the step: {@code save} or {@code restore}.
 */
public final class BootSaveBench {
  private BootSaveBench() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    Machine machine = DirectoryHost.machine(root);
    BootSave save = BootSave.of(machine, Path.of("/"), "bench");
    if (args[1].equals("save")) {
      save.save(save.present());
    } else {
      save.requireIntact();
      new BootPutBack(save).run(new BootPutBack(save).plan());
    }
  }
}
