package safeup.doctor;

/**
 * Something a check needs could not be found out; the check's line then reports this instead. A
 * fact that needs root is a warning when safeup does not run as root, never a pass.
 */
final class Unavailable extends RuntimeException {
  private final Verdict verdict;
  private final String fix;

  Unavailable(Verdict verdict, String message, String fix) {
    super(message, null, false, false);
    this.verdict = verdict;
    this.fix = fix;
  }

  /** Not checked because safeup does not run as root. */
  static Unavailable needsRoot(String what) {
    return new Unavailable(
        Verdict.WARN, "not checked: " + what + " needs root", "run: sudo safeup doctor");
  }

  Verdict verdict() {
    return verdict;
  }

  Finding as(String check) {
    return new Finding(check, verdict, getMessage(), fix);
  }
}
