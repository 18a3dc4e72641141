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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import safeup.console.Console;
import safeup.console.ProgressBar;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.files.ByteDigest;
import safeup.files.DigestingOutputStream;
import safeup.process.ProgramNotFoundException;

/**
 * GNU tar writing a mounted set into {@code FILE.partial}: numeric owners, permissions, ACLs and
 * every extended attribute, each member without crossing into other filesystems, with a progress
 * bar on a terminal. tar writes the compressed archive to its standard output, which safeup copies
 * into the file, keeping the digest of what it wrote.
 */
final class TarArchive {
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

  TarArchive(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Writes the archive with GNU tar: numeric owners, permissions, ACLs and every extended
   * attribute, each member without crossing into other filesystems, in records of {@link
   * #RECORD_BLOCKS} blocks. tar writes the compressed archive to its standard output, which safeup
   * copies into {@code partial}, keeping the digest of what it wrote there.
   */
  ByteDigest write(
      List<SnapshotMounter.Placement> plan,
      Path work,
      Path partial,
      ArchiveFormat format,
      boolean progress,
      Runnable checkpoint) {
    List<String> argv = argv(plan, work, format, progress);
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
                      .piped(argv, file, line -> progressOrMessage(line, bar, messages)));
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

  /** tar's command line: the archive to standard output, the members relative to {@code work}. */
  private static List<String> argv(
      List<SnapshotMounter.Placement> plan, Path work, ArchiveFormat format, boolean progress) {
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
    return argv;
  }

  /** A line of tar's: its progress moves the bar; anything else is kept for the error. */
  private static void progressOrMessage(
      String line, Optional<ProgressBar> bar, List<String> messages) {
    Matcher m = PROGRESS_BYTES.matcher(line);
    if (m.find()) {
      bar.ifPresent(b -> b.update(Long.parseLong(m.group(1))));
    } else {
      messages.add(line);
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
