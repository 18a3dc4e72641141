package safeup.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-back of an archive: its digest matches what was written, and only that. */
class DiskReadBackTest {
  @TempDir Path dir;

  @Test
  void aFileReadsBackWithTheDigestOfWhatWasWrittenWhateverItsLength() throws IOException {
    for (int length : new int[] {0, 1, 4096, (4 << 20) - 1, (4 << 20) + 4096, (9 << 20) + 123}) {
      byte[] data = new byte[length];
      new Random(length).nextBytes(data);
      Path file = dir.resolve("archive-" + length);
      DigestingOutputStream out = new DigestingOutputStream(Files.newOutputStream(file));
      try (OutputStream stream = out) {
        stream.write(data, 0, length / 2);
        stream.write(data, length / 2, length - length / 2);
      }
      assertEquals(out.digest(), DiskReadBack.read(file).digest(), "length " + length);
      assertEquals(length, out.digest().length());
    }
  }

  @Test
  void oneChangedByteChangesTheDigest() throws IOException {
    Path file = Files.write(dir.resolve("a"), new byte[] {1, 2, 3, 4});
    ByteDigest before = DiskReadBack.read(file).digest();
    Files.write(file, new byte[] {1, 2, 7, 4});
    assertNotEquals(before, DiskReadBack.read(file).digest());
  }
}
