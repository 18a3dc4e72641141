package safeup.pacman;

import java.util.List;
import java.util.Optional;

/**
 * The arguments of one pacman run, read (never changed) for the options that move pacman's files:
 * {@code --root}, {@code --sysroot}, {@code --config}, {@code --logfile}, {@code --dbpath}.
 */
public record PacmanInvocation(
    List<String> arguments,
    Optional<String> root,
    Optional<String> sysroot,
    Optional<String> config,
    Optional<String> logFile,
    Optional<String> dbPath) {

  /** Reads the arguments as pacman's getopt would, up to {@code --}. */
  public static PacmanInvocation of(List<String> arguments) {
    String root = null, sysroot = null, config = null, logFile = null, dbPath = null;
    for (int i = 0; i < arguments.size(); i++) {
      String arg = arguments.get(i);
      if (arg.equals("--")) {
        break;
      }
      String next = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        String value = eq < 0 ? next : arg.substring(eq + 1);
        boolean ours = true;
        switch (name) {
          case "root" -> root = value;
          case "sysroot" -> sysroot = value;
          case "config" -> config = value;
          case "logfile" -> logFile = value;
          case "dbpath" -> dbPath = value;
          default -> ours = false;
        }
        if (ours && eq < 0) {
          i++;
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        // A cluster of short options; -r ROOT and -b DBPATH take a value (attached or next).
        for (int c = 1; c < arg.length(); c++) {
          char option = arg.charAt(c);
          if (option == 'r' || option == 'b') {
            String value = c + 1 < arg.length() ? arg.substring(c + 1) : next;
            if (c + 1 >= arg.length()) {
              i++;
            }
            if (option == 'r') {
              root = value;
            } else {
              dbPath = value;
            }
            break;
          }
        }
      }
    }
    return new PacmanInvocation(
        List.copyOf(arguments),
        Optional.ofNullable(root),
        Optional.ofNullable(sysroot),
        Optional.ofNullable(config),
        Optional.ofNullable(logFile),
        Optional.ofNullable(dbPath));
  }

  /**
   * True when pacman cannot change the system with these arguments: a query ({@code -Q}, {@code
   * -T}, {@code -F} without refresh, {@code -S} with search, info, list, groups or print), or help
   * and version. Such a run needs no snapshot.
   */
  public boolean readOnly() {
    StringBuilder shortFlags = new StringBuilder();
    List<String> longFlags = new java.util.ArrayList<>();
    for (String arg : arguments) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.startsWith("--")) {
        longFlags.add(arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : arg.substring(2));
      } else if (arg.startsWith("-") && arg.length() > 1) {
        shortFlags.append(arg, 1, arg.length());
      }
    }
    String flags = shortFlags.toString();
    if (flags.contains("h") || longFlags.contains("help") || longFlags.contains("version")) {
      return true;
    }
    boolean refresh = flags.contains("y") || longFlags.contains("refresh");
    char operation = operation(flags, longFlags);
    return switch (operation) {
      case 'Q', 'T', 'V' -> true;
      case 'F' -> !refresh;
      case 'S' ->
          !refresh
              && !flags.contains("u")
              && !flags.contains("c")
              && (flags.matches(".*[silgp].*")
                  || longFlags.stream()
                      .anyMatch(List.of("search", "info", "list", "groups", "print")::contains));
      default -> false;
    };
  }

  private static char operation(String flags, List<String> longFlags) {
    for (char c : flags.toCharArray()) {
      if ("DQRSTUFV".indexOf(c) >= 0) {
        return c;
      }
    }
    List<String> names =
        List.of("database", "query", "remove", "sync", "deptest", "upgrade", "files", "version");
    for (String flag : longFlags) {
      int index = names.indexOf(flag);
      if (index >= 0) {
        return "DQRSTUFV".charAt(index);
      }
    }
    return '?';
  }

  /** The directory pacman installs into, as seen from safeup: sysroot and root combined. */
  public String installRoot() {
    return PacmanPaths.under(sysroot.orElse("/"), root.orElse("/"));
  }
}
