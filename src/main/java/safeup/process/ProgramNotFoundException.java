package safeup.process;

/** A program safeup needs is not installed (or not on PATH). */
public final class ProgramNotFoundException extends RuntimeException {
  private final String program;

  public ProgramNotFoundException(String program) {
    super("'" + program + "' was not found on PATH");
    this.program = program;
  }

  public String program() {
    return program;
  }
}
