package safeup.files;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/** Passes bytes on and keeps the {@link ByteDigest} of what passed. */
public final class DigestingOutputStream extends FilterOutputStream {
  private final CRC32C crc = new CRC32C();
  private long length;

  public DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    out.write(bytes, offset, count);
    crc.update(bytes, offset, count);
    length += count;
  }

  /** What was written so far. */
  public ByteDigest digest() {
    return new ByteDigest(length, crc.getValue());
  }
}
