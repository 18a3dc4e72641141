package safeup.core.carry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import safeup.console.Sizes;
import safeup.core.Machine;
import safeup.core.SnapshotFill;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PackageChange;
import safeup.pacman.PacmanLog;
import safeup.process.ProgramNotFoundException;

/**
 * The three files of a rollback's evidence, written into one directory within a number of bytes:
 * {@code journal.txt} (its latest part when the whole is too long), {@code pacman.log}, and {@code
 * report.txt} last, so that a report means the rest was written.
 *
 * @param undoes what the rollback undoes, when it could be told (see {@code safeup diff})
 * @param into the snapshot the directory is written into, or empty when it is written in place
 */
record Evidence(
    Machine machine, SnapshotSet set, String reason, Optional<String> undoes, String into) {
  /** The journal's latest part, when the whole would not fit: at most this many bytes. */
  static final long JOURNAL_MOST = 16L << 20;

  private static final String MODE = "rw-r-----";
  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /** Writes the files into {@code dir}, at most {@code room} bytes of them. */
  void write(Path dir, long room) throws IOException {
    machine.files().createDirectories(dir);
    machine.files().setMode(dir, "rwxr-x---");
    List<String> notes = new ArrayList<>();
    Optional<OffsetDateTime> since = set.createdAt();
    byte[] log = pacmanLog(since, room / 2, notes);
    long journalRoom = Math.min(JOURNAL_MOST, room - log.length);
    machine.files().write(dir.resolve("journal.txt"), journal(since, journalRoom, notes), MODE);
    machine.files().write(dir.resolve("pacman.log"), log, MODE);
    machine.files().write(dir.resolve("report.txt"), report(since, notes), MODE);
  }

  /** The journal of every boot since {@code since}, its latest {@code room} bytes at most. */
  private byte[] journal(Optional<OffsetDateTime> since, long room, List<String> notes) {
    List<String> argv =
        new ArrayList<>(
            List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso-precise"));
    since.ifPresent(time -> argv.add("--since=@" + time.toEpochSecond()));
    TailBuffer tail = new TailBuffer((int) Math.max(0, room));
    List<String> errors = new ArrayList<>();
    int code;
    try {
      code = machine.processes().piped(argv, tail, errors::add);
    } catch (ProgramNotFoundException e) {
      notes.add("journal.txt: " + e.getMessage());
      return new byte[0];
    }
    if (code != 0) {
      notes.add(
          "journal.txt: journalctl exited with "
              + code
              + (errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1)));
    }
    byte[] kept = tail.bytes();
    if (tail.dropped() == 0) {
      return kept;
    }
    int firstLine = 0;
    while (firstLine < kept.length && kept[firstLine++] != '\n') {}
    notes.add(
        "journal.txt: the first "
            + Sizes.human(tail.dropped() + firstLine)
            + " of the journal are left out, as the snapshot had room for "
            + Sizes.human(room)
            + " of it");
    return Arrays.copyOfRange(kept, firstLine, kept.length);
  }

  /** pacman's log from the set's time on, its latest {@code room} bytes at most. */
  private byte[] pacmanLog(Optional<OffsetDateTime> since, long room, List<String> notes) {
    Optional<Path> file = set.logFile();
    if (file.isEmpty() || since.isEmpty()) {
      notes.add("pacman.log: the set recorded no log of pacman's, or no time");
      return new byte[0];
    }
    try {
      List<String> lines = new PacmanLog(file.get()).linesSince(since.get());
      byte[] text =
          lines.stream().map(line -> line + "\n").reduce("", String::concat).getBytes(UTF8);
      if (text.length > room) {
        notes.add("pacman.log: only its last " + Sizes.human(room) + " fitted");
        return Arrays.copyOfRange(text, text.length - (int) room, text.length);
      }
      return text;
    } catch (UncheckedIOException e) {
      notes.add("pacman.log: " + file.get() + " could not be read: " + e.getMessage());
      return new byte[0];
    }
  }

  private byte[] report(Optional<OffsetDateTime> since, List<String> notes) {
    StringBuilder out = new StringBuilder();
    out.append("safeup rolled back snapshot set ").append(set.id()).append('\n');
    out.append("when:  ").append(machine.clock().instant()).append('\n');
    out.append("why:   ").append(reason).append('\n');
    undoes.ifPresent(what -> out.append("undoes: ").append(what).append('\n'));
    out.append("set:   taken ").append(set.created());
    out.append(set.command().isEmpty() ? " at boot" : " before '" + set.command() + "'");
    out.append("\n\nSnapshots:\n");
    for (LogicalVolume snapshot : set.snapshots()) {
      out.append("  ").append(SnapshotFill.describe(set, snapshot)).append('\n');
    }
    List<PackageChange> changes = changes(since);
    out.append("\nPackages the rollback undoes (").append(changes.size()).append("):\n");
    changes.forEach(change -> out.append("  ").append(change).append('\n'));
    out.append(
        """

        Here:
          journal.txt  the journal of every boot since the set was taken
          pacman.log   pacman's log since then
        """);
    notes.forEach(note -> out.append("  ").append(note).append('\n'));
    if (!into.isEmpty()) {
      out.append("\nWritten into ")
          .append(into)
          .append(" just before its merge, so that it came back with the system it describes.\n");
    }
    return out.toString().getBytes(UTF8);
  }

  private List<PackageChange> changes(Optional<OffsetDateTime> since) {
    try {
      return set.logFile().isEmpty() || since.isEmpty()
          ? List.of()
          : new PacmanLog(set.logFile().get()).changesSince(since.get());
    } catch (UncheckedIOException e) {
      return List.of();
    }
  }
}
