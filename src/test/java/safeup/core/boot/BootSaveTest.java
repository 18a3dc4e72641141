package safeup.core.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.core.Machine;
import safeup.core.SafeupException;

class BootSaveTest {
  @TempDir Path dir;
  Machine machine;
  Path boot;

  @BeforeEach
  void setUp() throws IOException {
    machine = DirectoryHost.machine(dir);
    boot = dir.resolve("boot");
    Files.createDirectories(boot.resolve("grub/fonts"));
    Files.writeString(boot.resolve("vmlinuz-linux"), "old kernel");
    Files.writeString(boot.resolve("grub/grub.cfg"), "menuentry");
    Files.createSymbolicLink(boot.resolve("vmlinuz"), Path.of("vmlinuz-linux"));
  }

  private BootSave saved() {
    BootSave save = BootSave.of(machine, Path.of("/"), "1");
    save.save(save.present());
    return save;
  }

  @Test
  void putsBackFilesLinksAndDirectoriesAndRemovesWhatTheUpdateAdded() throws IOException {
    BootSave save = saved();
    Files.writeString(boot.resolve("vmlinuz-linux"), "new kernel");
    Files.delete(boot.resolve("vmlinuz"));
    Files.createSymbolicLink(boot.resolve("vmlinuz"), Path.of("elsewhere"));
    Files.createDirectories(boot.resolve("new/deeper"));
    Files.writeString(boot.resolve("new/deeper/file"), "x");
    Files.delete(boot.resolve("grub/grub.cfg"));
    Files.delete(boot.resolve("grub/fonts"));

    assertEquals(
        "old kernel".length() + "menuentry".length(),
        save.bytesToRestore(),
        "only the changed and missing files count");
    assertTrue(save.restore() > 0);

    assertEquals("old kernel", Files.readString(boot.resolve("vmlinuz-linux")));
    assertEquals(Path.of("vmlinuz-linux"), Files.readSymbolicLink(boot.resolve("vmlinuz")));
    assertEquals("menuentry", Files.readString(boot.resolve("grub/grub.cfg")));
    assertTrue(Files.isDirectory(boot.resolve("grub/fonts")));
    assertFalse(Files.exists(boot.resolve("new")));
    assertEquals(0, save.restore(), "a second restore changes nothing");
  }

  @Test
  void anUnfinishedSaveIsNotTrusted() throws IOException {
    BootSave save = saved();
    Files.delete(dir.resolve("var/lib/safeup/boot/1/MANIFEST"));
    SafeupException e = assertThrows(SafeupException.class, save::requireIntact);
    assertTrue(e.getMessage().contains("missing or incomplete"), e.getMessage());
  }

  @Test
  void orphansAreRemovedAndLiveSavesKept() {
    saved();
    BootSave.of(machine, Path.of("/"), "2").save(List.of("boot"));
    assertEquals(
        List.of(Path.of("/var/lib/safeup/boot/1")),
        BootSaves.removeOrphans(machine, Path.of("/"), List.of("2")));
    assertTrue(Files.exists(dir.resolve("var/lib/safeup/boot/2/MANIFEST")));
  }

  @Test
  void anEmptyBootNeedsNoSave() throws IOException {
    try (var files = Files.walk(boot)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertEquals(List.of(), BootSave.of(machine, Path.of("/"), "1").present());
  }
}
