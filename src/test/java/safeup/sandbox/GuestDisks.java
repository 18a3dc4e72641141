package safeup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Removes the disk images of a test's guests once the test passed: each guest's disks take up to a
 * gigabyte or more, and a full run would otherwise need tens of gigabytes. A failed test keeps
 * them, with its logs, for a look inside.
 */
public final class GuestDisks implements BeforeEachCallback, TestWatcher {
  private static final List<Path> MADE = new ArrayList<>();

  /** Called for each guest directory a test makes. */
  static synchronized void made(Path dir) {
    MADE.add(dir);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    synchronized (GuestDisks.class) {
      MADE.clear();
    }
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    List<Path> dirs;
    synchronized (GuestDisks.class) {
      dirs = List.copyOf(MADE);
      MADE.clear();
    }
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
        for (Path image : files.filter(f -> f.toString().endsWith(".img")).toList()) {
          Files.delete(image);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the disk images in " + dir, e);
      }
    }
  }
}
