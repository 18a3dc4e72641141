package safeup.core.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        new BootPutBack(save).plan().bytesWritten(),
        "only the changed and missing files count");
    assertTrue(restore(save) > 0);

    assertEquals("old kernel", Files.readString(boot.resolve("vmlinuz-linux")));
    assertEquals(Path.of("vmlinuz-linux"), Files.readSymbolicLink(boot.resolve("vmlinuz")));
    assertEquals("menuentry", Files.readString(boot.resolve("grub/grub.cfg")));
    assertTrue(Files.isDirectory(boot.resolve("grub/fonts")));
    assertFalse(Files.exists(boot.resolve("new")));
    assertEquals(0, restore(save), "a second restore changes nothing");
  }

  /** Restores as a rollback does; returns how many entries it wrote or removed. */
  private static int restore(BootSave save) {
    BootPutBack.Plan plan = new BootPutBack(save).plan();
    return plan.puts().size() + plan.removals().size() - new BootPutBack(save).run(plan).size();
  }

  @Test
  void withWhatTheUpdateLeftRecordedOnlyTheUpdatesChangesGoBack() throws IOException {
    Files.createDirectories(boot.resolve("EFI/Microsoft/Boot"));
    Files.writeString(boot.resolve("EFI/Microsoft/Boot/BCD"), "their old BCD");
    Files.writeString(boot.resolve("shared.conf"), "before");
    BootSave save = saved();
    // the update: a new kernel, a new directory with a file, a changed shared file
    Files.writeString(boot.resolve("vmlinuz-linux"), "new kernel");
    Files.createDirectories(boot.resolve("loader/entries"));
    Files.writeString(boot.resolve("loader/entries/arch.conf"), "arch");
    Files.writeString(boot.resolve("shared.conf"), "the update's");
    assertEquals(
        Optional.of(5), save.recordFootprint(), "kernel, loader, entries, arch.conf, shared.conf");
    assertEquals(Optional.empty(), save.recordFootprint(), "the first record is the one kept");
    // another system, while the set is pending
    Files.writeString(boot.resolve("EFI/Microsoft/Boot/BCD"), "their new BCD");
    Files.writeString(boot.resolve("EFI/Microsoft/Boot/new-loader.efi"), "theirs");
    Files.writeString(boot.resolve("loader/entries/windows.conf"), "theirs");
    Files.writeString(boot.resolve("shared.conf"), "theirs, newer");

    BootPutBack.Plan plan = new BootPutBack(save).plan();
    assertEquals(List.of("boot/shared.conf"), plan.changedSince());
    List<String> left = new BootPutBack(save).run(plan);

    assertEquals("old kernel", Files.readString(boot.resolve("vmlinuz-linux")));
    assertFalse(Files.exists(boot.resolve("loader/entries/arch.conf")));
    assertEquals(List.of("boot/loader/entries", "boot/loader"), left, "they hold another's file");
    assertEquals("theirs", Files.readString(boot.resolve("loader/entries/windows.conf")));
    assertEquals("their new BCD", Files.readString(boot.resolve("EFI/Microsoft/Boot/BCD")));
    assertEquals("theirs", Files.readString(boot.resolve("EFI/Microsoft/Boot/new-loader.efi")));
    assertEquals("theirs, newer", Files.readString(boot.resolve("shared.conf")));
  }

  @Test
  void aKernelFileChangedAgainSinceTheUpdateStillGoesBack() throws IOException {
    Files.writeString(boot.resolve("initramfs-linux.img"), "old initramfs");
    BootSave save = saved();
    Files.writeString(boot.resolve("initramfs-linux.img"), "for the new kernel");
    save.recordFootprint();
    Files.writeString(boot.resolve("initramfs-linux.img"), "rebuilt by hand for the new kernel");

    assertEquals(List.of(), new BootPutBack(save).plan().changedSince());
    restore(save);
    assertEquals("old initramfs", Files.readString(boot.resolve("initramfs-linux.img")));
  }

  @Test
  void withoutARecordEveryDifferenceFromTheCopyGoesBack() throws IOException {
    Files.writeString(boot.resolve("shared.conf"), "before");
    BootSave save = saved();
    Files.writeString(boot.resolve("shared.conf"), "someone's");
    Files.writeString(boot.resolve("added"), "someone's");
    restore(save);
    assertEquals("before", Files.readString(boot.resolve("shared.conf")));
    assertFalse(Files.exists(boot.resolve("added")));
  }

  @Test
  void aDirectorySavedFromOneFilesystemIsNotPutBackOntoAnother() throws IOException {
    BootSave save = saved();
    Path filesystems = dir.resolve("var/lib/safeup/boot/1/FILESYSTEMS");
    assertTrue(Files.readString(filesystems).startsWith("boot\t"), Files.readString(filesystems));
    Files.writeString(filesystems, "boot\t/dev/sdz9 vfat\n");
    SafeupException e = assertThrows(SafeupException.class, save::requireIntact);
    assertTrue(
        e.getMessage().contains("/boot was on /dev/sdz9 vfat when it was saved"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was merged"), e.getMessage());
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
