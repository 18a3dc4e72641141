package safeup.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps two safeup runs apart. A kernel file lock: released by the kernel when safeup dies, so a
 * crash never leaves a stale lock behind. The holder writes its process id into the file, so that
 * the pacman hook can tell whether the pacman it runs under was started by that safeup.
 *
 * <p>No other user can hold it: the file lives in a directory that only safeup's own user (root)
 * may write, which is refused when anyone else owns or may write it, and is made readable by that
 * user alone, so that nobody else can open it to take a lock of their own. Neither is followed when
 * it is a symbolic link.
 */
public final class RunLock implements AutoCloseable {
  public static final Path DEFAULT_PATH = Path.of("/run/safeup/lock");

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The lock, or empty when another safeup holds it.
   *
   * @throws UnsafeLockException when its directory or file could be held by another user
   */
  static Optional<RunLock> tryAcquire(Path file) {
    try {
      requireSafeDirectory(file.getParent());
      FileChannel channel =
          FileChannel.open(
              file,
              Set.of(
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      requireOwnFile(file);
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
      if (Files.isSymbolicLink(file)) { // not followed: the open failed with ELOOP
        throw new UnsafeLockException(file + " is a symbolic link");
      }
      throw new UncheckedIOException("cannot open the lock file " + file, e);
    }
  }

  /** Creates {@code dir} (mode 0755) or checks that only this user can write in it. */
  private static void requireSafeDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      } catch (FileAlreadyExistsException e) {
        // made meanwhile: checked below like any other
      }
    }
    PosixFileAttributes attributes =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isDirectory()) {
      throw new UnsafeLockException(dir + " is not a directory");
    }
    if (!isOurs(dir)) {
      throw new UnsafeLockException(dir + " belongs to " + attributes.owner().getName());
    }
    Set<PosixFilePermission> mode = attributes.permissions();
    if (mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new UnsafeLockException(
          dir + " may be written by others (mode " + PosixFilePermissions.toString(mode) + ")");
    }
  }

  /** Refuses a lock file that this user does not own, or that others may read. */
  private static void requireOwnFile(Path file) throws IOException {
    PosixFileAttributes attributes =
        Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile() || !isOurs(file)) {
      throw new UnsafeLockException(file + " is not a file of safeup's own user");
    }
    if (!attributes.permissions().equals(PosixFilePermissions.fromString("rw-------"))) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static boolean isOurs(Path path) throws IOException {
    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    return uid == self;
  }

  /** The lock's directory or file is one that another user could hold or replace. */
  public static final class UnsafeLockException extends RuntimeException {
    UnsafeLockException(String message) {
      super(message);
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
