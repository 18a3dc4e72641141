package safeup.core.diff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one comparison of two trees, for src/test/bench/diff: {@code java ... TreeComparisonBench
 * BEFORE AFTER [--contents]}; prints how many paths differ and how many were looked at.
 */
public final class TreeComparisonBench {
  private TreeComparisonBench() {}

  public static void main(String[] args) throws IOException {
    TreeComparison comparison =
        new TreeComparison(
            Path.of(args[0]),
            Path.of(args[1]),
            "/",
            Scope.everything(),
            java.util.Set.of(),
            List.of(args).contains("--contents"),
            n -> {});
    int changes = comparison.run().size();
    System.out.println(changes + " changes in " + comparison.examined() + " paths");
  }
}
