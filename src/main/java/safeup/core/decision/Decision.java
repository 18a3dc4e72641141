package safeup.core.decision;

import java.util.Locale;

/** What to do with a snapshot set after pacman: the values of {@code --then}. */
public enum Decision {
  ASK,
  KEEP,
  ROLLBACK,
  LATER;

  /** For picocli: accepts the lower-case words. */
  public static Decision of(String word) {
    try {
      return valueOf(word.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + word + "' is not one of ask, keep, rollback, later");
    }
  }
}
