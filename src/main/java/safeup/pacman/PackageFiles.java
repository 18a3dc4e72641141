package safeup.pacman;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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

  /**
   * The package that owns each of {@code paths} (relative to pacman's root, without a trailing
   * slash), from every package's files list in {@code dbPath}; a path no package owns is left out.
   * Only the paths asked for are kept, however many the packages own.
   */
  public static Map<String, String> owners(Path dbPath, Set<String> paths) {
    Map<String, String> owners = new HashMap<>();
    Path local = dbPath.resolve("local");
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(local)) {
      for (Path dir : dirs) {
        Path files = dir.resolve("files");
        if (Files.isRegularFile(files)) {
          String name = packageName(dir.getFileName().toString());
          try (Stream<String> lines = Files.lines(files)) {
            lines
                .map(line -> line.endsWith("/") ? line.substring(0, line.length() - 1) : line)
                .filter(paths::contains)
                .forEach(path -> owners.putIfAbsent(path, name));
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot read pacman's local database " + local,
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
    return owners;
  }

  /** {@code name} of a database entry {@code name-pkgver-pkgrel}. */
  private static String packageName(String entry) {
    int rel = entry.lastIndexOf('-');
    int ver = rel > 0 ? entry.lastIndexOf('-', rel - 1) : -1;
    return ver > 0 ? entry.substring(0, ver) : entry;
  }

  /** True when a package owns {@code dir} itself or anything below it ({@code var/lib/foo}). */
  public boolean ownsAnythingIn(String dir) {
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    return paths.stream().anyMatch(p -> p.startsWith(prefix));
  }
}
