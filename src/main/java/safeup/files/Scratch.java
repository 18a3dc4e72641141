package safeup.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private directory for a read-only probe's own files (a copy of pacman's sync databases, an
 * initramfs's compressed part), made in every mode, dry runs included, and removed with everything
 * in it when closed. Names inside it are relative paths.
 */
public final class Scratch implements AutoCloseable {
  private final Path dir;

  private Scratch(Path dir) {
    this.dir = dir;
  }

  static Scratch in(Path parent, String prefix) throws IOException {
    return new Scratch(
        Files.createTempDirectory(
            parent,
            prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
  }

  /** The directory itself. */
  public Path dir() {
    return dir;
  }

  /** Creates the directory {@code name} (and those above it) inside. */
  public Path directory(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  /** Copies the file {@code from} to {@code name} inside, with its times. */
  public Path copyIn(Path from, String name) throws IOException {
    return Files.copy(from, dir.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
  }

  /** Creates the symbolic link {@code name} inside, pointing at {@code target}. */
  public Path link(String name, Path target) throws IOException {
    return Files.createSymbolicLink(dir.resolve(name), target);
  }

  /** Creates the file {@code name} inside and opens it for writing. */
  public OutputStream create(String name) throws IOException {
    return Files.newOutputStream(dir.resolve(name));
  }

  /** Removes the directory and everything in it; a link inside goes, not what it points to. */
  @Override
  public void close() {
    try {
      SystemFileGateway.removeTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary directory " + dir, e);
    }
  }
}
