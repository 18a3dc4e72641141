package safeup.files;

/** The length and CRC-32C of a stream of bytes: what {@code safeup backup} compares. */
public record ByteDigest(long length, long crc32c) {
  @Override
  public String toString() {
    return length + " bytes, CRC-32C " + String.format("%08x", crc32c);
  }
}
