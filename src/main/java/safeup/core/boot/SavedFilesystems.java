package safeup.core.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filesystem each saved directory was on, in {@value #FILE} beside the save ({@code
 * boot\t/dev/vda1 vfat}): a restore puts a directory back only onto that filesystem.
 */
final class SavedFilesystems {
  static final String FILE = "FILESYSTEMS";

  private SavedFilesystems() {}

  /** The record for {@code dirs} below {@code root} (on the disk). */
  static byte[] of(Path root, List<String> dirs) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (String dir : dirs) {
      lines.append(dir).append('\t').append(BootTree.filesystem(root.resolve(dir))).append('\n');
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The record in {@code file}; empty for a save made before it was kept. */
  static Map<String, String> read(Path file, Path shown) {
    Map<String, String> map = new LinkedHashMap<>();
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] fields = line.split("\t", 2);
          if (fields.length == 2) {
            map.put(fields[0], fields[1]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shown, e);
    }
    return map;
  }
}
