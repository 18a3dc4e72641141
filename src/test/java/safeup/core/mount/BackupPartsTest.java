package safeup.core.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The small rules of mount and backup: archive formats and the records' names. */
class BackupPartsTest {

  @Test
  void theArchiveFormatComesFromTheEndingAndIsZstdOtherwise() {
    assertEquals(ArchiveFormat.ZSTD, ArchiveFormat.of(Path.of("/b/system.tar.zst")));
    assertEquals(ArchiveFormat.GZIP, ArchiveFormat.of(Path.of("system.tar.gz")));
    assertEquals(ArchiveFormat.GZIP, ArchiveFormat.of(Path.of("system.tgz")));
    assertEquals(ArchiveFormat.XZ, ArchiveFormat.of(Path.of("system.tar.xz")));
    assertEquals(ArchiveFormat.PLAIN, ArchiveFormat.of(Path.of("system.tar")));
    assertEquals(ArchiveFormat.ZSTD, ArchiveFormat.of(Path.of("system.backup")));
    assertEquals("--xz", ArchiveFormat.XZ.tarOption().orElseThrow());
    assertEquals(java.util.Optional.empty(), ArchiveFormat.PLAIN.tarOption());
  }

  @Test
  void eachDirectoryHasARecordNameOfItsOwn() {
    assertEquals("mnt-snap.json", MountRecord.fileName(Path.of("/mnt/snap")));
    assertEquals("mnt-a\\x2db.json", MountRecord.fileName(Path.of("/mnt/a-b")));
    assertEquals("mnt-a-b.json", MountRecord.fileName(Path.of("/mnt/a/b")));
    assertEquals(
        "srv-my\\x20dir-.hidden.json", MountRecord.fileName(Path.of("/srv/my dir/.hidden")));
    assertEquals("\\x2eback.json", MountRecord.fileName(Path.of("/.back")));
  }
}
