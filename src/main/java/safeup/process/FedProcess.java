package safeup.process;

import java.io.OutputStream;

/**
 * A running program whose standard input safeup writes (see {@link ProcessGateway#fed}). Closing it
 * stops the program if {@link #finish} has not already seen it end, so that a failure elsewhere
 * leaves nothing running.
 */
public interface FedProcess extends AutoCloseable {

  /** The program's standard input. Writing fails once the program has stopped reading. */
  OutputStream input();

  /**
   * Closes the input, waits for the program to end and for its output to be handed on, and returns
   * its exit code. Interrupting the calling thread stops the program, and returns once it has
   * ended, with the thread's interrupt status set again.
   */
  int finish();

  /** Stops the program unless it has finished, and waits for it. */
  @Override
  void close();
}
