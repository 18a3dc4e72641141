package safeup.core.diff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether two files hold the same bytes, read side by side in chunks into two buffers that each
 * comparing thread keeps for all its files (direct, so a read copies nothing through the heap).
 */
final class SameContents {
  private static final int CHUNK = 128 * 1024;
  private static final ThreadLocal<ByteBuffer[]> BUFFERS =
      ThreadLocal.withInitial(
          () ->
              new ByteBuffer[] {
                ByteBuffer.allocateDirect(CHUNK), ByteBuffer.allocateDirect(CHUNK)
              });

  private SameContents() {}

  /** Whether {@code a} and {@code b} hold the same bytes. */
  static boolean of(Path a, Path b) throws IOException {
    ByteBuffer[] buffers = BUFFERS.get();
    try (SeekableByteChannel left = Files.newByteChannel(a);
        SeekableByteChannel right = Files.newByteChannel(b)) {
      while (true) {
        int read = fill(left, buffers[0]);
        if (read != fill(right, buffers[1])) {
          return false;
        }
        if (read == 0) {
          return true;
        }
        if (buffers[0].mismatch(buffers[1]) != -1) {
          return false;
        }
      }
    }
  }

  /** Reads up to a chunk, or to the end of the file, and makes it ready to compare. */
  private static int fill(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
    buffer.clear();
    while (buffer.hasRemaining() && channel.read(buffer) > 0) {
      // a read returns less than asked only at the end of the file or when interrupted
    }
    buffer.flip();
    return buffer.limit();
  }
}
