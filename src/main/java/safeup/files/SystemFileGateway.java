package safeup.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Changes the files for real. */
public final class SystemFileGateway implements FileGateway {

  @Override
  public void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  @Override
  public void createDirectory(Path dir) throws IOException {
    Files.createDirectory(dir);
  }

  @Override
  public Path createPrivateDirectory(Path parent, String prefix) throws IOException {
    return Files.createTempDirectory(
        parent,
        prefix,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @Override
  public void write(Path file, byte[] content, String mode) throws IOException {
    // named by the process, not at random: a random name would cost the start of Java's secure
    // random generator, and safeup runs once at a time (the run lock)
    Path next =
        file.resolveSibling(file.getFileName() + ".safeup-" + ProcessHandle.current().pid());
    try {
      Files.write(next, content);
      if (mode != null) {
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString(mode));
      }
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(next);
    }
  }

  @Override
  public void copy(Path from, Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void replace(Path from, Path target) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".safeup-restoring");
    try {
      Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.setLastModifiedTime(temporary, Files.getLastModifiedTime(from));
      } catch (IOException e) {
        // a time that cannot be set changes nothing a boot loader reads
      }
      force(temporary, StandardOpenOption.WRITE);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      force(target.getParent(), StandardOpenOption.READ);
    } finally {
      Files.deleteIfExists(temporary);
    }
    if (Files.mismatch(from, target) != -1) {
      throw new IOException(target + " does not read back as written");
    }
  }

  /**
   * Flushes a file, or a directory's entries, to the disk: the copy before it is renamed into
   * place, the rename before the next file is touched.
   */
  private static void force(Path path, StandardOpenOption mode) throws IOException {
    try (FileChannel channel = FileChannel.open(path, mode)) {
      channel.force(true);
    }
  }

  @Override
  public void createLink(Path link, String target) throws IOException {
    Files.createSymbolicLink(link, Path.of(target));
  }

  @Override
  public void move(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public boolean delete(Path path) throws IOException {
    return Files.deleteIfExists(path);
  }

  @Override
  public void deleteTree(Path path) throws IOException {
    removeTree(path);
  }

  static void removeTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void setMode(Path path, String mode) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  @Override
  public OutputStream create(Path file, String mode) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    return Files.newOutputStream(file, StandardOpenOption.WRITE);
  }

  @Override
  public DiskReadBack.Result syncAndReadBack(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    return DiskReadBack.read(file);
  }

  @Override
  public Optional<RunLock> tryLock(Path file) {
    return RunLock.tryAcquire(file);
  }

  @Override
  public Scratch scratch(Path parent, String prefix) throws IOException {
    return Scratch.in(parent, prefix);
  }
}
