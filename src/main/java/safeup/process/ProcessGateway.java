package safeup.process;

import java.util.List;

/**
 * The one way safeup starts programs. Every argv is a list, never a shell string.
 *
 * <p>{@link #query} is for programs that only read the system and must run even in a dry run;
 * {@link #change} is for programs that change it; {@link #attached} runs a program on the user's
 * terminal.
 */
public interface ProcessGateway {

  /** Runs a read-only probe and captures its output. */
  ProcessResult query(List<String> argv);

  /** Runs a program that changes the system and captures its output. */
  ProcessResult change(List<String> argv);

  /**
   * Runs a program that inherits the terminal, and returns its exit code. Ctrl-C reaches the
   * program; safeup itself keeps running.
   */
  int attached(List<String> argv);
}
