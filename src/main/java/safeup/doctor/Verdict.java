package safeup.doctor;

import java.util.Locale;

/** How a check came out. */
public enum Verdict {
  /** Checked, and fine. */
  PASS,
  /** Worth a look, or could not be checked (for example without root); not a failure. */
  WARN,
  /** safeup cannot protect this system as it is, or will refuse to update it. */
  FAIL;

  /** The word {@code safeup doctor --json} uses. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
