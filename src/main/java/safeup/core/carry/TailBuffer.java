package safeup.core.carry;

import java.io.OutputStream;

/** Keeps the last bytes written to it, at most a given number: a long log's latest part. */
final class TailBuffer extends OutputStream {
  private final byte[] ring;
  private long written;

  TailBuffer(int capacity) {
    this.ring = new byte[capacity];
  }

  @Override
  public void write(int b) {
    if (ring.length > 0) {
      ring[(int) (written % ring.length)] = (byte) b;
    }
    written++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      write(bytes[offset + i]);
    }
  }

  /** How many bytes were written before the ones kept. */
  long dropped() {
    return Math.max(0, written - ring.length);
  }

  /** The bytes kept, in the order they were written. */
  byte[] bytes() {
    int kept = (int) Math.min(written, ring.length);
    byte[] out = new byte[kept];
    int start = (int) ((written - kept) % Math.max(1, ring.length));
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return out;
  }
}
