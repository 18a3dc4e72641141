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

  /** The directory pacman installs into, as seen from safeup: sysroot and root combined. */
  public String installRoot() {
    return PacmanPaths.under(sysroot.orElse("/"), root.orElse("/"));
  }
}
