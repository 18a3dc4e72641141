package safeup.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * When safeup's output is coloured, chosen as pacman chooses: {@code --color auto|always|never}.
 */
public enum ColorMode {
  AUTO,
  ALWAYS,
  NEVER;

  /** For picocli: accepts the lower-case words. */
  public static ColorMode of(String word) {
    try {
      return valueOf(word.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + word + "' is not one of auto, always, never");
    }
  }

  /** Whether to colour, given the environment and whether stdout is a terminal. */
  public boolean colorize(Map<String, String> env, boolean terminal) {
    return switch (this) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> {
        String noColor = env.get("NO_COLOR");
        yield terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
      }
    };
  }

  /**
   * True when standard input and output are a terminal, read from the devices /proc names for them
   * (what {@code System.console()} tells before Java 22; after, it takes a reflective call, which
   * costs a short run more than the rest of its start).
   */
  public static boolean stdoutIsTerminal() {
    return isTerminal(0) && isTerminal(1);
  }

  private static boolean isTerminal(int descriptor) {
    try {
      String device = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
      return device.startsWith("/dev/pts/")
          || device.startsWith("/dev/tty")
          || device.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null; // no /proc
    }
  }
}
