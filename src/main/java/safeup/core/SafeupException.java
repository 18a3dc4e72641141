package safeup.core;

/** A refusal or failure with a message for the user and the exit code that goes with it. */
public final class SafeupException extends RuntimeException {
  private final ExitCode exitCode;

  public SafeupException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
