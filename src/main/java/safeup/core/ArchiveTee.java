package safeup.core;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where {@code safeup backup}'s compressed archive goes as tar writes it: into the archive file
 * and, at the same time, into the input of the {@code tar --list} that reads it back. A failure to
 * write the file fails the copy; once the reader stops reading (it ended, having found the stream
 * bad), it is fed no more and the file is still written, so that its exit code and listing tell
 * what went wrong.
 */
final class ArchiveTee extends OutputStream {
  private final OutputStream file;
  private final OutputStream reader;
  private boolean readerGone;

  ArchiveTee(OutputStream file, OutputStream reader) {
    this.file = file;
    this.reader = reader;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    file.write(bytes, offset, length);
    if (!readerGone) {
      try {
        reader.write(bytes, offset, length);
      } catch (IOException e) {
        readerGone = true;
      }
    }
  }

  /** True when the reader stopped taking the archive before its end. */
  boolean readerGone() {
    return readerGone;
  }
}
