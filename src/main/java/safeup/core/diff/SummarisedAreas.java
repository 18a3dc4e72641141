package safeup.core.diff;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directories whose changes are counted rather than listed, unless the user names a path in
 * them: logs, caches, temporary files, and the state that pacman, systemd, safeup and LVM keep (LVM
 * backs its metadata up in /etc whenever safeup takes or removes a snapshot), and the dynamic
 * linker's cache that pacman's hook rebuilds.
 */
final class SummarisedAreas {
  private record Area(String path, String what) {}

  private static final List<Area> AREAS =
      List.of(
          new Area("/var/log", "logs"),
          new Area("/var/cache", "caches"),
          new Area("/var/tmp", "temporary files"),
          new Area("/tmp", "temporary files"),
          new Area("/var/lib/pacman", "pacman's database"),
          new Area("/var/lib/systemd", "systemd's state"),
          new Area("/var/lib/safeup", "safeup's copies of /boot"),
          new Area("/etc/lvm/backup", "LVM's metadata backups"),
          new Area("/etc/lvm/archive", "LVM's metadata backups"),
          new Area("/etc/ld.so.cache", "the dynamic linker's cache"),
          new Area("/root/.cache", "caches"));
  private static final Pattern HOME_CACHE = Pattern.compile("^(/home/[^/]+/\\.cache)(/.*)?$");

  /** What the update itself writes, which its packages already stand for in a summary. */
  static final java.util.Set<String> THE_UPDATES =
      java.util.Set.of(
          "pacman's database",
          "safeup's copies of /boot",
          "LVM's metadata backups",
          "the dynamic linker's cache");

  private final Scope scope;

  SummarisedAreas(Scope scope) {
    this.scope = scope;
  }

  /** The summary {@code path} is counted in, with nothing counted yet; empty when it is listed. */
  Optional<Summary> of(String path) {
    Optional<Area> area =
        AREAS.stream().filter(a -> Scope.under(path, a.path())).findFirst().or(() -> home(path));
    return area.filter(a -> !named(a.path())).map(a -> new Summary(a.path(), a.what(), 0, 0, 0));
  }

  private static Optional<Area> home(String path) {
    Matcher m = HOME_CACHE.matcher(path);
    return m.matches() ? Optional.of(new Area(m.group(1), "caches")) : Optional.empty();
  }

  /** Whether the user named the area or a path in it: then it is listed in full. */
  private boolean named(String area) {
    return scope.paths().stream().anyMatch(p -> Scope.under(p, area));
  }
}
