package safeup.pacman;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * pacman's local database, {@code DBPath/local}: one directory per installed package, named {@code
 * name-pkgver-pkgrel}, whose {@code desc} is rewritten whenever the package is installed again.
 * Read before and after pacman, it tells what changed without trusting pacman's log.
 */
public final class LocalDatabase {

  /** One installed package: its version, and when its {@code desc} was last written. */
  record Entry(String version, FileTime written) {}

  private final Map<String, Entry> packages;

  private LocalDatabase(Map<String, Entry> packages) {
    this.packages = packages;
  }

  /** Reads {@code dbPath/local}; empty when it cannot be read. */
  public static Optional<LocalDatabase> read(Path dbPath) {
    Map<String, Entry> packages = new TreeMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dbPath.resolve("local"))) {
      for (Path dir : dirs) {
        String entry = dir.getFileName().toString();
        int rel = entry.lastIndexOf('-');
        int ver = rel > 0 ? entry.lastIndexOf('-', rel - 1) : -1;
        if (!Files.isDirectory(dir) || ver <= 0) {
          continue; // ALPM_DB_VERSION and anything else that is not a package
        }
        Path desc = dir.resolve("desc");
        FileTime written =
            Files.exists(desc) ? Files.getLastModifiedTime(desc) : FileTime.fromMillis(0);
        packages.put(entry.substring(0, ver), new Entry(entry.substring(ver + 1), written));
      }
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.of(new LocalDatabase(packages));
  }

  /** The packages installed, removed, changed in version or reinstalled since {@code before}. */
  public List<PackageChange> changesSince(LocalDatabase before) {
    List<PackageChange> changes = new ArrayList<>();
    for (Map.Entry<String, Entry> old : before.packages.entrySet()) {
      Entry now = packages.get(old.getKey());
      String was = old.getValue().version();
      if (now == null) {
        changes.add(new PackageChange("removed", old.getKey(), was));
      } else if (!now.version().equals(was)) {
        // "changed": telling an upgrade from a downgrade needs pacman's version order
        changes.add(new PackageChange("changed", old.getKey(), was + " -> " + now.version()));
      } else if (!now.written().equals(old.getValue().written())) {
        changes.add(new PackageChange("reinstalled", old.getKey(), was));
      }
    }
    for (Map.Entry<String, Entry> now : packages.entrySet()) {
      if (!before.packages.containsKey(now.getKey())) {
        changes.add(new PackageChange("installed", now.getKey(), now.getValue().version()));
      }
    }
    return List.copyOf(changes);
  }
}
