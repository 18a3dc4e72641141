package safeup.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * safeup's standard output: a writer that, unlike a plain {@link PrintWriter}, remembers why a
 * write failed (a full disk, a pipe closed by its reader), so that safeup can say so and exit with
 * a code that tells.
 */
public final class StandardOutput extends PrintWriter {
  private final FailureRecorder recorder;

  private StandardOutput(FailureRecorder recorder, Charset charset) {
    super(new OutputStreamWriter(recorder, charset), true);
    this.recorder = recorder;
  }

  /** The process's own standard output, in the encoding the JVM chose for it. */
  public static StandardOutput system() {
    String encoding =
        System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
    Charset charset;
    try {
      charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      charset = Charset.defaultCharset();
    }
    return over(new FileOutputStream(FileDescriptor.out), charset);
  }

  /** A standard output writing to {@code stream}. */
  public static StandardOutput over(OutputStream stream, Charset charset) {
    return new StandardOutput(new FailureRecorder(stream), charset);
  }

  /** Flushes, then tells the first write that failed, if one did. */
  public Optional<IOException> failure() {
    flush();
    return Optional.ofNullable(recorder.failure);
  }

  /** True when the failure was a pipe whose reader had gone: nothing left to tell anyone. */
  public static boolean closedPipe(IOException failure) {
    String message = failure.getMessage();
    return message != null && message.contains("Broken pipe");
  }

  /** Passes writes on and keeps the first exception they threw. */
  private static final class FailureRecorder extends FilterOutputStream {
    private IOException failure;

    FailureRecorder(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      record(() -> out.write(b));
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      record(() -> out.write(bytes, offset, length));
    }

    @Override
    public void flush() throws IOException {
      record(out::flush);
    }

    private void record(Write write) throws IOException {
      try {
        write.run();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
        throw e;
      }
    }
  }

  private interface Write {
    void run() throws IOException;
  }
}
