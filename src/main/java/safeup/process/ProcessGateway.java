package safeup.process;

import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way safeup starts programs. Every argv is a list, never a shell string.
 *
 * <p>{@link #query} is for programs that only read the system and must run even in a dry run;
 * {@link #change} is for programs that change it; {@link #attached} runs a program on the user's
 * terminal; {@link #streamed} runs a long program whose output is read as it comes; {@link #piped}
 * runs one whose output is data to copy; {@link #fed} starts one whose input safeup writes.
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

  /**
   * Runs a long program that changes the system (or writes a file), handing each line of its
   * standard output and standard error to {@code stdout} and {@code stderr} as it comes instead of
   * keeping it. Interrupting the calling thread stops the program and every process it started, and
   * returns once they have ended, with the thread's interrupt status set again.
   *
   * @return the program's exit code
   */
  int streamed(List<String> argv, Consumer<String> stdout, Consumer<String> stderr);

  /**
   * Runs a long program that changes the system (or writes a file) and whose standard output is
   * data: it is copied to {@code stdout} as it comes, and each line of standard error is handed to
   * {@code stderr}. Interrupting the calling thread stops the program as {@link #streamed} does.
   *
   * @return the program's exit code
   * @throws java.io.UncheckedIOException when writing to {@code stdout} failed; the program was
   *     stopped and has ended
   */
  int piped(List<String> argv, OutputStream stdout, Consumer<String> stderr);

  /**
   * Starts a pipeline of programs whose first one reads what safeup writes through {@link
   * FedProcess#input()}; each program's standard output is the next one's standard input, without a
   * shell. Each line of the last program's standard output, and of every program's standard error,
   * is handed on as it comes. It runs beside the caller until {@link FedProcess#finish()}, whose
   * exit code is the first program's in the pipeline that failed, or 0; close it in any case.
   */
  FedProcess fed(List<List<String>> pipeline, Consumer<String> stdout, Consumer<String> stderr);
}
