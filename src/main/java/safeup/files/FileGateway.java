package safeup.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one way safeup changes files and directories on the machine: the copy of /boot and its
 * restore, {@code /var/lib/safeup}, {@code /run/safeup}, the boot units and GRUB's script. Reading
 * goes straight to {@code java.nio.file}; every write, rename and removal comes through here, so
 * that a dry run is one substitution ({@link DryRunFileGateway}) and nothing else knows of it.
 *
 * <p>Two doors run in every mode, as they change nothing a user keeps: the run lock ({@link
 * #tryLock}) and scratch directories that a read-only probe needs and removes ({@link #scratch}).
 */
public interface FileGateway {

  /** Creates {@code dir} and the directories above it that are missing. */
  void createDirectories(Path dir) throws IOException;

  /** Creates the one directory {@code dir}, whose parent exists. */
  void createDirectory(Path dir) throws IOException;

  /** A new directory in {@code parent}, its name starting with {@code prefix}, mode 0700. */
  Path createPrivateDirectory(Path parent, String prefix) throws IOException;

  /**
   * Writes {@code content} to {@code file} in one rename: a file beside it is written, given {@code
   * mode} (such as {@code rw-r--r--}; null leaves the default), and renamed over it, so that a
   * reader sees the old content or the new, never part of it.
   */
  void write(Path file, byte[] content, String mode) throws IOException;

  /**
   * Copies the regular file {@code from} to {@code to}, which must not exist, with mode and times.
   */
  void copy(Path from, Path to) throws IOException;

  /**
   * Puts the bytes of {@code from} at {@code target} in one rename, with {@code from}'s
   * modification time, and reads {@code target} back against {@code from}. The copy reaches the
   * disk before the rename, and the rename before this returns: a power cut leaves the old file or
   * the new one, never a part of it.
   *
   * @throws IOException also when {@code target} does not read back as {@code from}
   */
  void replace(Path from, Path target) throws IOException;

  /** Creates the symbolic link {@code link} pointing at {@code target}. */
  void createLink(Path link, String target) throws IOException;

  /** Renames {@code from} to {@code to} in one step, on the same filesystem. */
  void move(Path from, Path to) throws IOException;

  /**
   * Removes a file, a symbolic link or an empty directory.
   *
   * @return false when there was nothing to remove
   */
  boolean delete(Path path) throws IOException;

  /**
   * Removes {@code path} and, for a directory, everything in it; symbolic links are not followed.
   */
  void deleteTree(Path path) throws IOException;

  /** Sets the permissions of {@code path}, such as {@code rwx------}. */
  void setMode(Path path, String mode) throws IOException;

  /** Creates the new file {@code file} with {@code mode} and opens it for writing. */
  OutputStream create(Path file, String mode) throws IOException;

  /**
   * Writes {@code file}'s data to the disk ({@code fsync}) and reads it back from there past the
   * page cache (see {@link DiskReadBack}).
   */
  DiskReadBack.Result syncAndReadBack(Path file) throws IOException;

  /** The run lock at {@code file}, or empty when another safeup holds it; taken in every mode. */
  Optional<RunLock> tryLock(Path file);

  /**
   * A private directory in {@code parent} for a read-only probe's own files, made in every mode and
   * removed with everything in it when closed.
   */
  Scratch scratch(Path parent, String prefix) throws IOException;
}
