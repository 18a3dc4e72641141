package safeup.console;

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

  /** True when standard input and output are a terminal. */
  public static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // JDK 22+ returns a console even without a terminal; it then says so here
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
