package safeup.pacman;

import java.nio.file.Path;
import java.util.List;

/**
 * What a pacman transaction is expected to write, found before anything changes.
 *
 * @param known false when the transaction could not be predicted; then only {@code basis} counts
 * @param installedBytes the installed size of every package to be installed or upgraded
 * @param downloadBytes what is downloaded into {@code cacheDirs} (0 for packages already cached)
 * @param cacheDirs pacman's CacheDir entries, where the downloads land
 * @param basis how the estimate was made, or why there is none, for the user
 */
public record TransactionEstimate(
    boolean known, long installedBytes, long downloadBytes, List<Path> cacheDirs, String basis) {

  /** No prediction, saying why. */
  public static TransactionEstimate unknown(String why) {
    return new TransactionEstimate(false, 0, 0, List.of(), why);
  }
}
