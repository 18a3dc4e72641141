package safeup.pacman;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** Waits, as paru and yay do, while another pacman holds the database lock ({@code db.lck}). */
public final class DatabaseLock {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final Path lockFile;

  public DatabaseLock(Path lockFile) {
    this.lockFile = lockFile;
  }

  /**
   * Returns true once the lock is free, false if it is still held after {@code patience}.
   *
   * @param waiting told once, when the lock is found held
   */
  public boolean awaitFree(Duration patience, Consumer<Path> waiting) {
    if (!Files.exists(lockFile)) {
      return true;
    }
    waiting.accept(lockFile);
    long deadline = System.nanoTime() + patience.toNanos();
    while (Files.exists(lockFile)) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
