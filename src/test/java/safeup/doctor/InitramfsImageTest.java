package safeup.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.files.SystemFileGateway;
import safeup.testing.Initramfs;
import safeup.testing.RecordingProcessGateway;

class InitramfsImageTest {
  @TempDir Path dir;
  final RecordingProcessGateway processes =
      new RecordingProcessGateway().on(List.of("bsdtar"), Initramfs::bsdtar);

  private List<String> contents(byte[] bytes) throws IOException {
    Path image = dir.resolve("initramfs-linux.img");
    Files.write(image, bytes);
    return InitramfsImage.contents(image, processes, new SystemFileGateway());
  }

  @Test
  void earlyUncompressedArchiveThenACompressedOne() throws IOException {
    byte[] early = Initramfs.cpio("kernel", "kernel/x86/microcode/AuthenticAMD.bin");
    byte[] main = Initramfs.gzip(Initramfs.cpio("./usr", "./usr/lib/modules/6.12/dm-snapshot.ko"));
    assertEquals(
        List.of(
            "kernel",
            "kernel/x86/microcode/AuthenticAMD.bin",
            "usr",
            "usr/lib/modules/6.12/dm-snapshot.ko"),
        contents(Initramfs.concat(early, main)));
    List<String> bsdtar = processes.calls("bsdtar").get(0);
    assertEquals(List.of("bsdtar", "-tf"), bsdtar.subList(0, 2));
    assertTrue(
        !bsdtar.get(2).endsWith("initramfs-linux.img") && Files.notExists(Path.of(bsdtar.get(2))),
        "the compressed part is listed from a copy, removed afterwards: " + bsdtar);
  }

  @Test
  void aCompressedImageIsListedWhole() throws IOException {
    assertEquals(List.of("init"), contents(Initramfs.gzip(Initramfs.cpio("init"))));
    assertEquals(
        dir.resolve("initramfs-linux.img").toString(), processes.calls("bsdtar").get(0).get(2));
  }

  @Test
  void anUncompressedImageNeedsNoBsdtar() throws IOException {
    byte[] two = Initramfs.concat(Initramfs.cpio("a"), Initramfs.cpio("b"));
    assertEquals(List.of("a", "b"), contents(two));
    assertEquals(List.of(), processes.calls());
  }

  @Test
  void aCutArchiveIsAnErrorNotAnEmptyList() {
    byte[] whole = Initramfs.cpio("kernel", "kernel/x86/microcode/GenuineIntel.bin");
    IOException e = assertThrows(IOException.class, () -> contents(Arrays.copyOf(whole, 150)));
    assertTrue(e.getMessage().contains("cut short or damaged"), e.getMessage());
  }
}
