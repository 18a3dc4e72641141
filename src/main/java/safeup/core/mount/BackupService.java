package safeup.core.mount;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import safeup.console.Console;
import safeup.console.ProgressBar;
import safeup.console.Sizes;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.files.ByteDigest;
import safeup.files.DigestingOutputStream;
import safeup.files.DiskReadBack;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.process.ProgramNotFoundException;
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

  private static final String PROGRESS = "safeup-progress ";
  private static final Pattern PROGRESS_BYTES = Pattern.compile(PROGRESS + "(\\d+)");

  /**
   * tar's record, in blocks of 512 bytes: 1 MiB rather than tar's 10 KiB, so that tar reads files
   * and hands the compressor its output in a hundredth of the system calls (a third less time for
   * the whole archive in a guest where a system call is dear). tar reports its progress once a
   * record.
   */
  private static final int RECORD_BLOCKS = 2048;

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
    Thread main = Thread.currentThread();
    AtomicReference<String> interruption = new AtomicReference<>();
    machine
        .signals()
        .handle(
            Signals.ENDING,
            signal -> {
              if (interruption.compareAndSet(null, signal)) {
                main.interrupt(); // stops tar (see ProcessGateway.piped)
              }
            });
    try (RunLock lock = machine.lockRun()) {
      PageCache.flush(machine);
      List<LogicalVolume> volumes = machine.listVolumes();
      SnapshotSet set =
          MountService.select(
              SnapshotSets.of(volumes, machine.machineId()), id, "backup", "ID --output FILE");
      Path work = workDirectory();
      SnapshotMounter mounter = new SnapshotMounter(machine, console);
      List<SnapshotMounter.Placement> plan = mounter.plan(set, volumes, work);
      console.step("Backing up snapshot set " + set.id() + " to " + file);
      Runnable checkpoint = () -> requireNotInterrupted(interruption, set, file);
      MountRecord record = mounter.mount(set, plan, work, checkpoint);
      RuntimeException failure = null;
      try {
        ByteDigest written = write(plan, work, partial, format, progress, checkpoint);
        finish(set, partial, file, written);
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
   * Writes the archive with GNU tar: numeric owners, permissions, ACLs and every extended
   * attribute, each member without crossing into other filesystems, in records of {@link
   * #RECORD_BLOCKS} blocks. tar writes the compressed archive to its standard output, which safeup
   * copies into {@code partial}, keeping the digest of what it wrote there.
   */
  private ByteDigest write(
      List<SnapshotMounter.Placement> plan,
      Path work,
      Path partial,
      ArchiveFormat format,
      boolean progress,
      Runnable checkpoint) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "tar",
                "--create",
                "--file",
                "-",
                "--blocking-factor=" + RECORD_BLOCKS,
                "--numeric-owner",
                "--acls",
                "--xattrs",
                "--xattrs-include=*",
                "--one-file-system"));
    if (progress) {
      argv.add("--checkpoint=1");
      argv.add("--checkpoint-action=echo=" + PROGRESS + "%{}T");
    }
    format.tarOption().ifPresent(argv::add);
    argv.add("--directory");
    argv.add(work.toString());
    for (SnapshotMounter.Placement p : plan) {
      String relative = work.relativize(p.at()).toString();
      argv.add(relative.isEmpty() ? "." : "./" + relative);
    }
    Optional<ProgressBar> bar =
        progress
            ? Optional.of(new ProgressBar(console.out(), "backing up", usedBytes(plan)))
            : Optional.empty();
    List<String> messages = new ArrayList<>();
    try (DigestingOutputStream file = new DigestingOutputStream(createPrivately(partial))) {
      int code =
          tar(
              () ->
                  machine
                      .processes()
                      .piped(
                          argv,
                          file,
                          line -> {
                            Matcher m = PROGRESS_BYTES.matcher(line);
                            if (m.find()) {
                              bar.ifPresent(b -> b.update(Long.parseLong(m.group(1))));
                            } else {
                              messages.add(line);
                            }
                          }));
      bar.ifPresent(ProgressBar::finish);
      checkpoint.run();
      if (code != 0) {
        throw new SafeupException(
            ExitCode.BACKUP_FAILED,
            "tar failed (exit " + code + ") writing " + partial + ": " + last(messages));
      }
      return file.digest();
    } catch (UncheckedIOException | IOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new SafeupException(
          ExitCode.BACKUP_FAILED, "cannot write " + partial + ": " + cause.getMessage());
    }
  }

  private <T> T tar(Supplier<T> run) {
    try {
      return run.get();
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED, e.getMessage() + "; install it with: pacman -S " + e.program());
    }
  }

  /**
   * Checks that no snapshot overflowed while it was read, makes the archive durable, reads it back
   * from the disk against what was written, and only then gives it its name.
   */
  private void finish(SnapshotSet set, Path partial, Path file, ByteDigest written) {
    PageCache.flush(machine);
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

  /** The archive is a whole system's files: readable by root alone. */
  private OutputStream createPrivately(Path partial) {
    try {
      return machine.files().create(partial, "rw-------");
    } catch (IOException e) {
      throw new SafeupException(ExitCode.BACKUP_FAILED, "cannot create " + partial + ": " + e);
    }
  }

  /** What the mounted filesystems hold, the progress bar's 100%. */
  private static long usedBytes(List<SnapshotMounter.Placement> plan) {
    long used = 0;
    for (SnapshotMounter.Placement p : plan) {
      try {
        FileStore store = Files.getFileStore(p.at());
        used += store.getTotalSpace() - store.getUnallocatedSpace();
      } catch (IOException e) {
        // no total for this one: the bar then ends early, which is all
      }
    }
    return used;
  }

  /** tar's last message that says something ("Exiting with failure status" says little). */
  private static String last(List<String> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (!messages.get(i).contains("Exiting with failure status")) {
        return messages.get(i);
      }
    }
    return "no message";
  }
}
