package safeup.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts the kernel reports, and which one holds a given path. */
public final class MountTable {
  public static final Path PROC_MOUNTINFO = Path.of("/proc/self/mountinfo");

  private final List<Mount> mounts;

  public MountTable(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  public static MountTable read(Path mountinfo) {
    try {
      return parse(Files.readAllLines(mountinfo));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + mountinfo, e);
    }
  }

  static MountTable parse(List<String> lines) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split(" ");
      int dash = List.of(fields).indexOf("-");
      if (fields.length < 7 || dash < 6 || dash + 2 >= fields.length) {
        continue;
      }
      String[] device = fields[2].split(":");
      mounts.add(
          new Mount(
              Long.parseLong(device[0]),
              Long.parseLong(device[1]),
              unescape(fields[4]),
              fields[dash + 1],
              unescape(fields[dash + 2])));
    }
    return new MountTable(mounts);
  }

  /** Every mount, in the kernel's order. */
  public List<Mount> all() {
    return mounts;
  }

  /**
   * The mount that holds {@code path}: the longest mount point that contains it, the latest mounted
   * when several share one. {@code path} should be absolute and free of symlinks.
   */
  public Optional<Mount> holding(Path path) {
    Mount best = null;
    for (Mount mount : mounts) {
      Path point = Path.of(mount.mountPoint());
      if (path.startsWith(point)
          && (best == null || point.getNameCount() >= Path.of(best.mountPoint()).getNameCount())) {
        best = mount;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The mount that holds {@code path}, or would hold it once made: that of its nearest ancestor
   * that exists, with symlinks resolved.
   */
  public Optional<Mount> holdingNearest(Path path) {
    Path current = path.toAbsolutePath().normalize();
    while (current != null && !Files.exists(current)) {
      current = current.getParent();
    }
    try {
      return holding(current == null ? Path.of("/") : current.toRealPath());
    } catch (IOException e) {
      return holding(current);
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\'
          && i + 4 <= field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
