package safeup.core.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.files.ByteDigest;
import safeup.files.DiskReadBack;

/**
 * An archive given its name only once it can be trusted: no snapshot of the set overflowed while it
 * was read, and the file reads back from the disk as it was written.
 */
final class CheckedArchive {
  private final Machine machine;
  private final Console console;

  CheckedArchive(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Checks that no snapshot overflowed while it was read, makes the archive durable, reads it back
   * from the disk against what was written, and only then gives it its name.
   */
  void keep(SnapshotSet set, Path partial, Path file, ByteDigest written) {
    requireSetUnchanged(set);
    DiskReadBack.Result read = requireReadsBack(partial, written);
    rename(partial, file);
    console.success(
        "Backup of snapshot set "
            + set.id()
            + " written to "
            + file
            + ": "
            + Sizes.human(written.length())
            + ", "
            + (read.fromDisk()
                ? "read back from the disk and checked."
                : "read back through the page cache (its filesystem allows no direct reads) and"
                    + " checked."));
  }

  /** Refuses when a snapshot of the set overflowed, or the set went, while it was read. */
  private void requireSetUnchanged(SnapshotSet set) {
    PageCache.flush(machine.processes());
    Optional<SnapshotSet> now =
        SnapshotSets.of(machine.listVolumes(), machine.machineId()).stream()
            .filter(s -> s.id().equals(set.id()))
            .findFirst();
    if (now.isEmpty() || !now.get().mayMount()) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "snapshot set "
              + set.id()
              + " changed while it was read ("
              + now.map(s -> s.state().toString()).orElse("gone")
              + "), so the archive may be incomplete; nothing was kept");
    }
  }

  /** Syncs the archive and reads it back from the disk; refuses unless it is what was written. */
  private DiskReadBack.Result requireReadsBack(Path partial, ByteDigest written) {
    DiskReadBack.Result read;
    try {
      read = machine.files().syncAndReadBack(partial);
    } catch (IOException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "cannot write and read back " + partial + ": " + e + "; nothing was kept");
    }
    if (!read.digest().equals(written)) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "the archive does not read back as written: safeup wrote "
              + written
              + " to "
              + partial
              + ", the disk gives back "
              + read.digest()
              + "; nothing was kept (check the disk: dmesg, smartctl)");
    }
    return read;
  }

  /** Gives the archive its name, unless something took the name meanwhile. */
  private void rename(Path partial, Path file) {
    try {
      if (Files.exists(file)) {
        throw new SafeupException(
            ExitCode.BACKUP_FAILED,
            file + " appeared while the backup was written; nothing was kept, and it is untouched");
      }
      machine.files().move(partial, file);
    } catch (IOException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED, "cannot rename " + partial + " to " + file + ": " + e);
    }
  }
}
