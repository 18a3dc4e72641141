package safeup.pacman;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one pacman run, read (never changed) as pacman's getopt reads them: which
 * operation and flags they give, and the options that move pacman's files ({@code --root}, {@code
 * --sysroot}, {@code --config}, {@code --logfile}, {@code --dbpath}).
 *
 * @param flags the short option letters, without the values of {@code -r} and {@code -b}
 * @param longOptions the long option names, without their values
 * @param values the values of the options that move pacman's files, by long name
 * @param incomplete an option that takes a value ends the arguments without one: pacman refuses
 */
public record PacmanInvocation(
    List<String> arguments,
    String flags,
    List<String> longOptions,
    Map<String, String> values,
    boolean incomplete) {

  /** Long options whose value says where pacman's files are. */
  private static final List<String> PATH_OPTIONS =
      List.of("root", "sysroot", "config", "logfile", "dbpath");

  /** pacman's other long options that take a value (pacman 6). */
  private static final List<String> VALUE_OPTIONS =
      List.of(
          "arch",
          "assume-installed",
          "cachedir",
          "color",
          "gpgdir",
          "hookdir",
          "ignore",
          "ignoregroup",
          "overwrite",
          "print-format");

  private static final String OPERATIONS = "DQRSTUFV";
  private static final List<String> OPERATION_NAMES =
      List.of("database", "query", "remove", "sync", "deptest", "upgrade", "files", "version");

  /**
   * Reads the arguments up to {@code --}.
   *
   * @throws IllegalArgumentException for an abbreviation of a path option (pacman would accept
   *     {@code --roo}, but safeup must know the root for certain)
   */
  public static PacmanInvocation of(List<String> arguments) {
    StringBuilder flags = new StringBuilder();
    List<String> longOptions = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    boolean incomplete = false;
    for (int i = 0; i < arguments.size(); i++) {
      String arg = arguments.get(i);
      String next = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
      if (arg.equals("--")) {
        break;
      } else if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        requireUnabbreviated(name);
        longOptions.add(name);
        boolean takesValue = PATH_OPTIONS.contains(name) || VALUE_OPTIONS.contains(name);
        String value = eq < 0 ? next : arg.substring(eq + 1);
        if (takesValue && eq < 0) {
          i++;
        }
        if (takesValue && value == null) {
          incomplete = true;
        } else if (PATH_OPTIONS.contains(name)) {
          values.put(name, value);
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        // A cluster of short options; -r ROOT and -b DBPATH take the rest of it or the next word.
        for (int c = 1; c < arg.length(); c++) {
          char option = arg.charAt(c);
          if (option == 'r' || option == 'b') {
            boolean attached = c + 1 < arg.length();
            String value = attached ? arg.substring(c + 1) : next;
            if (value == null) {
              incomplete = true;
            } else {
              values.put(option == 'r' ? "root" : "dbpath", value);
            }
            if (!attached) {
              i++;
            }
            break;
          }
          flags.append(option);
        }
      }
    }
    return new PacmanInvocation(
        List.copyOf(arguments),
        flags.toString(),
        List.copyOf(longOptions),
        Map.copyOf(values),
        incomplete);
  }

  private static void requireUnabbreviated(String name) {
    for (String option : PATH_OPTIONS) {
      if (!name.isEmpty() && !name.equals(option) && option.startsWith(name)) {
        throw new IllegalArgumentException(
            "write pacman's --"
                + option
                + " in full ('--"
                + name
                + "' given): safeup must know for certain where pacman works");
      }
    }
  }

  public Optional<String> root() {
    return Optional.ofNullable(values.get("root"));
  }

  public Optional<String> sysroot() {
    return Optional.ofNullable(values.get("sysroot"));
  }

  public Optional<String> config() {
    return Optional.ofNullable(values.get("config"));
  }

  public Optional<String> logFile() {
    return Optional.ofNullable(values.get("logfile"));
  }

  public Optional<String> dbPath() {
    return Optional.ofNullable(values.get("dbpath"));
  }

  /**
   * True when pacman cannot change the system with these arguments: a query ({@code -Q}, {@code
   * -T}, {@code -F} without refresh, {@code -Dk}), a transaction only printed ({@code -Sp}, {@code
   * -Sup}, {@code -Rp}, {@code -Up}, without refresh), {@code -S} with search, info, list or
   * groups, help, version, no operation at all, or an option left without its value (pacman then
   * only prints an error). Such a run needs neither a snapshot nor root.
   */
  public boolean readOnly() {
    if (incomplete
        || flags.contains("h")
        || longOptions.contains("help")
        || longOptions.contains("version")) {
      return true;
    }
    boolean refresh = flags.contains("y") || longOptions.contains("refresh");
    boolean print = flags.contains("p") || longOptions.contains("print");
    return switch (operation()) {
      case 'Q', 'T', 'V', '?' -> true;
      case 'F' -> !refresh;
      case 'D' -> flags.contains("k") || longOptions.contains("check");
      case 'R', 'U' -> print;
      case 'S' ->
          !refresh
              && (print
                  || !flags.contains("u")
                      && !flags.contains("c")
                      && !longOptions.contains("sysupgrade")
                      && !longOptions.contains("clean")
                      && (flags.matches(".*[silg].*")
                          || longOptions.stream()
                              .anyMatch(List.of("search", "info", "list", "groups")::contains)));
      default -> false;
    };
  }

  /** The operation letter ({@code S}, {@code Q}, ...), or {@code ?} when none is given. */
  public char operation() {
    for (char c : flags.toCharArray()) {
      if (OPERATIONS.indexOf(c) >= 0) {
        return c;
      }
    }
    for (String name : longOptions) {
      int index = OPERATION_NAMES.indexOf(name);
      if (index >= 0) {
        return OPERATIONS.charAt(index);
      }
    }
    return '?';
  }

  /** The directory pacman installs into, as seen from safeup: sysroot and root combined. */
  public String installRoot() {
    return PacmanPaths.under(sysroot().orElse("/"), root().orElse("/"));
  }
}
