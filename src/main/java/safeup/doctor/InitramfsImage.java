package safeup.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import safeup.files.FileGateway;
import safeup.files.Scratch;
import safeup.process.ProcessGateway;
import safeup.process.ProcessResult;

/**
 * The file names inside an initramfs image. An image is a cpio archive ("newc"), often an
 * uncompressed one (early CPU microcode) followed by a compressed one (zstd, gzip, xz, lz4...). The
 * uncompressed archives are read here; the compressed rest is listed by {@code bsdtar}, which knows
 * every compression, from a copy that starts where it starts.
 */
final class InitramfsImage {
  private static final int HEADER = 110;

  private InitramfsImage() {}

  /**
   * The names in {@code image}, without a leading {@code ./}.
   *
   * @throws IOException when the image cannot be read
   * @throws IllegalStateException when bsdtar cannot list the compressed part
   */
  static List<String> contents(Path image, ProcessGateway processes, FileGateway files)
      throws IOException {
    List<String> names = new ArrayList<>();
    long compressedFrom;
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      compressedFrom = readUncompressed(file, names);
      if (compressedFrom < 0) {
        return names;
      }
      if (compressedFrom == 0) {
        names.addAll(bsdtar(image, image, processes));
        return names;
      }
      try (Scratch temp =
          files.scratch(Path.of(System.getProperty("java.io.tmpdir")), "safeup-initramfs-")) {
        file.seek(compressedFrom);
        try (InputStream in = Channels.newInputStream(file.getChannel());
            OutputStream out = temp.create("rest.img")) {
          in.transferTo(out);
        }
        names.addAll(bsdtar(temp.dir().resolve("rest.img"), image, processes));
      }
    }
    return names;
  }

  /**
   * Reads the uncompressed cpio archives at the start of {@code file} into {@code names}.
   *
   * @return where the compressed part begins, or -1 when there is none
   */
  static long readUncompressed(RandomAccessFile file, List<String> names) throws IOException {
    long pos = 0;
    long size = file.length();
    while (true) {
      pos = skipZeros(file, pos, size); // archives are padded to 4 bytes, often to 512
      if (pos >= size) {
        return -1;
      }
      if (!isCpio(file, pos, size)) {
        return pos;
      }
      pos = readArchive(file, pos, size, names);
    }
  }

  private static long skipZeros(RandomAccessFile file, long pos, long size) throws IOException {
    file.seek(pos);
    byte[] buffer = new byte[4096];
    while (pos < size) {
      int n = file.read(buffer);
      if (n <= 0) {
        return size;
      }
      for (int i = 0; i < n; i++) {
        if (buffer[i] != 0) {
          return pos + i;
        }
      }
      pos += n;
    }
    return pos;
  }

  private static boolean isCpio(RandomAccessFile file, long pos, long size) throws IOException {
    if (size - pos < 6) {
      return false;
    }
    String magic = read(file, pos, 6);
    return magic.equals("070701") || magic.equals("070702");
  }

  /** One archive, up to and including its trailer; returns the position after it. */
  private static long readArchive(RandomAccessFile file, long pos, long size, List<String> names)
      throws IOException {
    while (true) {
      if (size - pos < HEADER || !isCpio(file, pos, size)) {
        throw new IOException("a cpio archive in it is cut short or damaged at byte " + pos);
      }
      String header = read(file, pos, HEADER);
      long fileSize = hex(header, 54, pos);
      long nameSize = hex(header, 94, pos);
      if (nameSize < 1 || pos + HEADER + nameSize > size) {
        throw new IOException("a cpio header in it is damaged at byte " + pos);
      }
      String name = read(file, pos + HEADER, (int) nameSize - 1);
      pos = align(align(pos + HEADER + nameSize) + fileSize);
      if (name.equals("TRAILER!!!")) {
        return pos;
      }
      names.add(name.startsWith("./") ? name.substring(2) : name);
    }
  }

  private static long hex(String header, int offset, long pos) throws IOException {
    try {
      return Long.parseLong(header.substring(offset, offset + 8), 16);
    } catch (NumberFormatException e) {
      throw new IOException("a cpio header in it is damaged at byte " + pos);
    }
  }

  private static long align(long pos) {
    return (pos + 3) & ~3L;
  }

  private static String read(RandomAccessFile file, long pos, int length) throws IOException {
    byte[] bytes = new byte[length];
    file.seek(pos);
    file.readFully(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static List<String> bsdtar(Path file, Path image, ProcessGateway processes) {
    ProcessResult result = processes.query(List.of("bsdtar", "-tf", file.toString()));
    if (!result.succeeded()) {
      throw new IllegalStateException("bsdtar cannot list " + image + ": " + result.lastMessage());
    }
    return result
        .stdout()
        .lines()
        .map(name -> name.startsWith("./") ? name.substring(2) : name)
        .toList();
  }
}
