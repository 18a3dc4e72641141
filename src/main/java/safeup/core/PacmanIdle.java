package safeup.core;

import java.nio.file.Files;
import java.time.Duration;
import safeup.console.Console;
import safeup.pacman.DatabaseLock;
import safeup.pacman.PacmanPaths;

/**
 * Waits until no pacman holds its database lock, as paru and yay do: an update must not start under
 * another pacman's transaction, and a keep or rollback must not remove or merge the volumes that
 * transaction is writing, nor put /boot back while mkinitcpio writes it.
 */
public final class PacmanIdle {
  private PacmanIdle() {}

  /**
   * Like {@link #await}, for keep and rollback, which run no pacman: a lock that no process holds
   * (left by a pacman that was killed, or by a power cut) is named and gone past at once, as it
   * stops no transaction; one held is waited for.
   *
   * @param goesOn why going on is safe, for the warning
   */
  public static void awaitUnlessStale(
      Machine machine,
      Console console,
      PacmanPaths paths,
      Duration patience,
      String nothingDone,
      String goesOn) {
    if (Files.exists(paths.lockFile()) && !machine.host().isOpenByAProcess(paths.lockFile())) {
      console.warning(
          "pacman's lock "
              + paths.lockFile()
              + " is stale: no process holds it (a pacman was killed, or the power was cut); "
              + goesOn);
      return;
    }
    await(console, paths, patience, nothingDone);
  }

  /**
   * Returns once pacman's lock is free; waits up to {@code patience}, then refuses.
   *
   * @param nothingDone what the refusal says was left undone, such as "nothing was merged"
   */
  public static void await(
      Console console, PacmanPaths paths, Duration patience, String nothingDone) {
    boolean free =
        new DatabaseLock(paths.lockFile())
            .awaitFree(
                patience,
                file ->
                    console.step(
                        "Waiting up to "
                            + patience.toSeconds()
                            + " s for pacman's database lock "
                            + file
                            + " (is another pacman running?)"));
    if (!free) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "pacman's database is locked ("
              + paths.lockFile()
              + "), so another pacman may be changing the system; "
              + nothingDone
              + ". Wait for it to finish, or, if none is running, remove the stale lock: rm "
              + paths.lockFile());
    }
  }
}
