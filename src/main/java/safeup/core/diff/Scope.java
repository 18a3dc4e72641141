package safeup.core.diff;

import java.util.List;

/**
 * The paths a diff looks at: everything, or what is at or below the paths the user named (and the
 * directories on the way to them, which are walked but not reported).
 */
public record Scope(List<String> paths) {

  public static Scope everything() {
    return new Scope(List.of());
  }

  /** The paths named, made absolute and normal, from the current directory. */
  public static Scope of(List<java.nio.file.Path> named) {
    return new Scope(
        named.stream().map(p -> p.toAbsolutePath().normalize().toString()).distinct().toList());
  }

  /** Whether {@code path} is reported: it is at or below a named path. */
  boolean covers(String path) {
    return paths.isEmpty() || paths.stream().anyMatch(p -> under(path, p));
  }

  /** Whether {@code path} is looked at: reported, or on the way to a named path. */
  boolean reaches(String path) {
    return covers(path) || paths.stream().anyMatch(p -> under(p, path));
  }

  /** Whether {@code path} is {@code dir} or below it. */
  public static boolean under(String path, String dir) {
    return path.equals(dir) || dir.equals("/") || path.startsWith(dir + "/");
  }
}
