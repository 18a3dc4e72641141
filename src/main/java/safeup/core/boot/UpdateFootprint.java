package safeup.core.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import safeup.core.boot.BootManifest.Entry;

/**
 * What the update left in the saved boot directories: every path it added, changed or removed, in
 * the state it left it, recorded in {@value #FILE} beside the save when pacman ends. A rollback
 * puts back these paths and nothing else, so that what another system wrote to a shared ESP while
 * the set was pending stays. A set with no record (taken by the hook or at boot, or an update
 * stopped before pacman ended) counts every difference from the save as the update's.
 */
final class UpdateFootprint {
  static final String FILE = "AFTER-UPDATE";

  private UpdateFootprint() {}

  /**
   * Records what differs now from the save, unless a record exists: the first one, taken right
   * after the update, is the one that tells the update's changes from later ones.
   *
   * @return how many paths the update changed, or empty when a record was there already
   */
  static Optional<Integer> record(BootSave save) {
    Path file = save.fileOnDisk(FILE);
    if (Files.exists(file) || !save.complete()) {
      return Optional.empty();
    }
    Map<String, Entry> before = byPath(save.manifest());
    StringBuilder lines = new StringBuilder();
    int changed = 0;
    try {
      for (String path : pathsNowOrBefore(save, before)) {
        Entry saved = before.getOrDefault(path, Entry.absent(path));
        Path place = save.placeOf(path);
        if (!saved.matches(place)) {
          lines.append(BootManifest.stateOf(place, path).line()).append('\n');
          changed++;
        }
      }
      save.files().write(file, lines.toString().getBytes(StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot record what the update changed in " + save.location(), e);
    }
    return Optional.of(changed);
  }

  /** The recorded state of every path the update changed, if it was recorded. */
  static Optional<Map<String, Entry>> read(BootSave save) {
    Path file = save.fileOnDisk(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(byPath(BootManifest.read(file, save.location().resolve(FILE))));
  }

  /** The paths of the saved tree and of the tree now, on the saved filesystems, in name order. */
  static TreeSet<String> pathsNowOrBefore(BootSave save, Map<String, Entry> before)
      throws IOException {
    TreeSet<String> paths = new TreeSet<>(before.keySet());
    for (String top : save.tops()) {
      Path dir = save.placeOf(top);
      if (Files.isDirectory(dir)) {
        for (Path entry : BootTree.walk(dir)) {
          paths.add(save.relative(entry));
        }
      }
    }
    return paths;
  }

  static Map<String, Entry> byPath(List<Entry> entries) {
    Map<String, Entry> map = new LinkedHashMap<>();
    entries.forEach(entry -> map.put(entry.path(), entry));
    return map;
  }
}
