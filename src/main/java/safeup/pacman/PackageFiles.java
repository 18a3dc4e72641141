package safeup.pacman;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths installed packages own, from the {@code files} lists of pacman's local database ({@code
 * DBPath/local/NAME-VERSION/files}); paths are relative to pacman's root, directories end in {@code
 * /}.
 */
public final class PackageFiles {
  private final List<String> paths;

  private PackageFiles(List<String> paths) {
    this.paths = paths;
  }

  /** Reads every package's file list; a database that cannot be read is an error. */
  public static PackageFiles read(Path dbPath) {
    List<String> paths = new ArrayList<>();
    Path local = dbPath.resolve("local");
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(local)) {
      for (Path dir : dirs) {
        Path files = dir.resolve("files");
        if (!Files.isRegularFile(files)) {
          continue;
        }
        boolean inFiles = false;
        for (String line : Files.readAllLines(files)) {
          if (line.startsWith("%")) {
            inFiles = line.equals("%FILES%");
          } else if (inFiles && !line.isEmpty()) {
            paths.add(line);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pacman's local database " + local, e);
    }
    return new PackageFiles(paths);
  }

  /** True when a package owns {@code dir} itself or anything below it ({@code var/lib/foo}). */
  public boolean ownsAnythingIn(String dir) {
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    return paths.stream().anyMatch(p -> p.startsWith(prefix));
  }
}
