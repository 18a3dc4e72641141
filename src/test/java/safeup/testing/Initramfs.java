package safeup.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import safeup.process.ProcessResult;

/**
 * Small initramfs images as the kernel reads them: cpio archives in the "newc" format, the main one
 * gzip-compressed, optionally after an uncompressed early one; and a stand-in for {@code bsdtar
 * -tf} that lists a gzip-compressed cpio archive.
 */
public final class Initramfs {
  private Initramfs() {}

  /** An uncompressed cpio archive of empty files with these names, padded to 512 bytes. */
  public static byte[] cpio(String... names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(names));
    all.add("TRAILER!!!");
    int ino = 1;
    for (String name : all) {
      byte[] bytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
      String header =
          String.format(
              "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
              ino++, 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, bytes.length, 0);
      out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(bytes);
      while (out.size() % 4 != 0) {
        out.write(0);
      }
    }
    while (out.size() % 512 != 0) {
      out.write(0);
    }
    return out.toByteArray();
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** {@code bsdtar -tf FILE} for a gzip-compressed cpio archive; fails as bsdtar would else. */
  public static ProcessResult bsdtar(List<String> argv) {
    try {
      byte[] data;
      try (GZIPInputStream in =
          new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(Path.of(argv.get(2)))))) {
        data = in.readAllBytes();
      }
      StringBuilder names = new StringBuilder();
      int pos = 0;
      while (true) {
        String header = new String(data, pos, 110, StandardCharsets.US_ASCII);
        if (!header.startsWith("070701")) {
          throw new IOException("not newc");
        }
        int nameSize = Integer.parseInt(header.substring(94, 102), 16);
        int fileSize = Integer.parseInt(header.substring(54, 62), 16);
        String name = new String(data, pos + 110, nameSize - 1, StandardCharsets.US_ASCII);
        if (name.equals("TRAILER!!!")) {
          return new ProcessResult(argv, 0, names.toString(), "");
        }
        names.append(name).append('\n');
        pos = ((pos + 110 + nameSize + 3) & ~3) + fileSize;
        pos = (pos + 3) & ~3;
      }
    } catch (IOException | RuntimeException e) {
      return new ProcessResult(
          argv, 1, "", "bsdtar: Error opening archive: Unrecognized archive format");
    }
  }
}
