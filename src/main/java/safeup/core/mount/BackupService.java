package safeup.core.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.files.ByteDigest;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.system.Signals;

/**
 * {@code safeup backup}: a tar archive of a snapshot set, read from its snapshots mounted read-only
 * in a private directory. The archive is written to {@code FILE.partial}, synced, read back from
 * the disk against the digest of what was written, and only then renamed to {@code FILE}; on any
 * failure or signal the snapshots are unmounted and the partial file removed.
 */
public final class BackupService {
  /** Where the private mount directories go. */
  static final Path WORK = Path.of("/run/safeup");

  private final Machine machine;
  private final Console console;

  public BackupService(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Writes the named set, or the only one, to {@code output}.
   *
   * @param progress draw a progress bar (on a terminal)
   */
  public void backup(Optional<String> id, Path output, boolean progress) {
    machine.requireRoot("mount and back up snapshots");
    Path file = output.toAbsolutePath().normalize();
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    requireWritable(file, partial);
    ArchiveFormat format = ArchiveFormat.of(file);
    AtomicReference<String> interruption = interruptOnSignal();
    try (RunLock lock = machine.lockRun()) {
      PageCache.flush(machine.processes());
      List<LogicalVolume> volumes = machine.listVolumes();
      SnapshotSet set =
          SnapshotSets.select(
              SnapshotSets.of(volumes, machine.machineId()), id, "backup", "ID --output FILE");
      Path work = workDirectory();
      SnapshotMounter mounter = new SnapshotMounter(machine, console);
      List<SnapshotMounter.Placement> plan = mounter.plan(set, volumes, work);
      console.step("Backing up snapshot set " + set.id() + " to " + file);
      Runnable checkpoint = () -> requireNotInterrupted(interruption, set, file);
      MountRecord record = mounter.mount(set, plan, work, checkpoint);
      RuntimeException failure = null;
      try {
        ByteDigest written =
            new TarArchive(machine, console)
                .write(plan, work, partial, format, progress, checkpoint);
        new CheckedArchive(machine, console).keep(set, partial, file, written);
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        Thread.interrupted(); // the signal is recorded; cleaning up must not be cut short
        failure = cleanUp(mounter, record, work, partial, failure);
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Ctrl-C, TERM or HUP: recorded, and this thread interrupted, which stops tar. */
  private AtomicReference<String> interruptOnSignal() {
    Thread main = Thread.currentThread();
    AtomicReference<String> interruption = new AtomicReference<>();
    machine
        .signals()
        .handle(
            Signals.ENDING,
            signal -> {
              if (interruption.compareAndSet(null, signal)) {
                main.interrupt(); // see ProcessGateway.piped
              }
            });
    return interruption;
  }

  /** Refuses before anything is mounted when the archive's name is taken or its place is not. */
  private void requireWritable(Path file, Path partial) {
    if (Files.exists(file)) {
      throw new SafeupException(
          ExitCode.REFUSED, file + " already exists; give another --output, or remove it first");
    }
    if (Files.exists(partial)) {
      throw new SafeupException(
          ExitCode.REFUSED,
          partial
              + " exists (left by a backup that was killed?); remove it, then run 'safeup backup'"
              + " again");
    }
    if (!Files.isDirectory(file.getParent())) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "the directory " + file.getParent() + " does not exist; create it first");
    }
  }

  /** A new private directory for the mounts (mode 0700). */
  private Path workDirectory() {
    Path base = machine.host().onDisk(WORK);
    try {
      machine.files().createDirectories(base);
      return machine.files().createPrivateDirectory(base, "backup-");
    } catch (IOException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED, "cannot create a private directory in " + base + ": " + e);
    }
  }

  /**
   * Unmounts, removes the private directory and the partial archive; returns the failure to report:
   * the first one, with a cleanup problem printed beside it.
   */
  private RuntimeException cleanUp(
      SnapshotMounter mounter,
      MountRecord record,
      Path work,
      Path partial,
      RuntimeException failure) {
    try {
      machine.files().delete(partial);
    } catch (IOException e) {
      console.error("cannot remove " + partial + ": " + e + "; remove it by hand");
    }
    try {
      mounter.unmount(record);
      machine.files().delete(work);
    } catch (RuntimeException | IOException e) {
      SafeupException problem =
          e instanceof SafeupException refusal
              ? refusal
              : new SafeupException(ExitCode.BACKUP_FAILED, "cannot remove " + work + ": " + e);
      if (failure == null) {
        return problem;
      }
      console.error(problem.getMessage());
    }
    return failure;
  }

  private void requireNotInterrupted(
      AtomicReference<String> interruption, SnapshotSet set, Path file) {
    String signal = interruption.get();
    if (signal != null) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "interrupted (SIG"
              + signal
              + ") while backing up snapshot set "
              + set.id()
              + "; nothing is left mounted and "
              + file
              + " was not written");
    }
  }
}
