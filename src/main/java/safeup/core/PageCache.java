package safeup.core;

import java.util.List;
import safeup.process.ProcessGateway;
import safeup.process.ProcessResult;

/**
 * The page cache, flushed before any snapshot's fill level or validity is read: until the data
 * pacman wrote reaches the disk, a snapshot that will overflow still reads as nearly empty.
 */
public final class PageCache {
  private PageCache() {}

  /**
   * Writes out every filesystem's dirty data ({@code sync}); a probe, so it runs in dry runs too.
   */
  public static void flush(ProcessGateway processes) {
    ProcessResult result = processes.query(List.of("sync"));
    if (!result.succeeded()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "sync failed ("
              + result.lastMessage()
              + "), so the snapshots' fill levels cannot be trusted; check the kernel log"
              + " (journalctl -k) for disk errors");
    }
  }
}
