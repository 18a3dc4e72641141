package safeup.files;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a file back from its disk, past the page cache (O_DIRECT), so that what was read is what
 * the disk holds and not what the kernel still remembers having written. Where the filesystem
 * refuses direct reads (tmpfs, some FUSE filesystems), it reads through the page cache and says so.
 */
public final class DiskReadBack {
  /** How much is read at a time: a multiple of every block size in use. */
  private static final int CHUNK = 4 << 20;

  private DiskReadBack() {}

  /** What a read-back found, and whether it came from the disk itself. */
  public record Result(ByteDigest digest, boolean fromDisk) {}

  /** Reads {@code file} (already synced) and returns its digest. */
  public static Result read(Path file) throws IOException {
    FileChannel direct;
    try {
      direct = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      try (FileChannel cached = FileChannel.open(file, StandardOpenOption.READ)) {
        return new Result(digest(cached, ByteBuffer.allocateDirect(CHUNK)), false);
      }
    }
    try (FileChannel channel = direct) {
      int alignment = Math.toIntExact(Files.getFileStore(file).getBlockSize());
      ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK + alignment).alignedSlice(alignment);
      buffer.limit(CHUNK - CHUNK % alignment);
      return new Result(digest(channel, buffer), true);
    }
  }

  private static ByteDigest digest(FileChannel channel, ByteBuffer buffer) throws IOException {
    CRC32C crc = new CRC32C();
    long length = 0;
    int capacity = buffer.limit();
    int n;
    do { // a short read is the end: a direct read may not start at an unaligned position
      n = Math.max(channel.read(buffer), 0);
      buffer.flip();
      crc.update(buffer);
      length += n;
      buffer.clear().limit(capacity);
    } while (n == capacity);
    return new ByteDigest(length, crc.getValue());
  }
}
