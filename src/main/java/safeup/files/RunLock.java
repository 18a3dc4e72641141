package safeup.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps two safeup runs apart. A kernel file lock: released by the kernel when safeup dies, so a
 * crash never leaves a stale lock behind. The holder writes its process id into the file, so that
 * the pacman hook can tell whether the pacman it runs under was started by that safeup.
 */
public final class RunLock implements AutoCloseable {
  public static final Path DEFAULT_PATH = Path.of("/run/lock/safeup.lock");

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another safeup holds it. */
  static Optional<RunLock> tryAcquire(Path file) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held within this process
      }
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      return Optional.of(new RunLock(channel, lock));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the lock file " + file, e);
    }
  }

  /**
   * The process id the holder of the lock wrote into {@code file}: ask after {@link #tryAcquire}
   * found the lock held. Empty when none can be read.
   */
  public static Optional<Long> holder(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
