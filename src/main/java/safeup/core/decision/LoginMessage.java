package safeup.core.decision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.RollbackRecord;
import safeup.core.SnapshotSet;
import safeup.core.carry.RollbackEvidence;
import safeup.lvm.LogicalVolume;

/**
 * The line every login shows, through pam_motd, which prints the files in {@code /run/motd.d}:
 * while a set is pending, the set, its age, how full its fullest snapshot is, and the two commands;
 * in the boot after a rollback, what went back, when and why. /run is emptied by every boot, where
 * the trial-boot unit writes it again; a failure to write it is only a detail.
 */
public final class LoginMessage {
  static final Path FILE = Path.of("/run/motd.d/safeup");

  private final Machine machine;
  private final Console console;

  public LoginMessage(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Says that {@code set} is pending and what to do. */
  public void pending(SnapshotSet set) {
    String before = set.command().isEmpty() ? "a snapshot boot" : set.command();
    String age =
        set.createdAt()
            .map(made -> ", " + age(Duration.between(made.toInstant(), machine.clock().instant())))
            .orElse("");
    String fill =
        set.snapshots().stream()
            .map(LogicalVolume::fillPercent)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .map(p -> "; its fullest snapshot is " + Math.round(p) + "% full")
            .orElse("");
    write(
        "safeup: the update made by '"
            + before
            + "' (snapshot set "
            + set.id()
            + age
            + ") is pending"
            + fill
            + ". Keep it: safeup keep   Undo it: safeup rollback");
  }

  /** Says that a rollback completed: what went back, when and why. */
  void rolledBack(RollbackRecord record) {
    write(
        "safeup: snapshot set "
            + record.setId()
            + (record.command().isEmpty() ? "" : " (before '" + record.command() + "')")
            + " was rolled back (merge scheduled "
            + record.scheduled()
            + ")"
            + (record.reason().isEmpty() ? "" : ": " + record.reason())
            + ". "
            + evidence(record.setId())
            + "'journalctl -t safeup' has the details.");
  }

  /** Where the evidence of that rollback is, when it came back with it. */
  private String evidence(String id) {
    Path dir = RollbackEvidence.dirOf(id);
    return Files.exists(machine.host().onDisk(dir.resolve("report.txt")))
        ? "What its boots logged, and why: " + dir + "/. "
        : "";
  }

  /** No set is pending any more. */
  public void clear() {
    try {
      machine.files().delete(machine.host().onDisk(FILE));
    } catch (IOException e) {
      console.detail("the login message " + FILE + " could not be removed: " + e.getMessage());
    }
  }

  private void write(String line) {
    Path file = machine.host().onDisk(FILE);
    try {
      machine.files().createDirectories(file.getParent());
      machine.files().write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), "rw-r--r--");
    } catch (IOException | UnsupportedOperationException e) {
      console.detail("the login message " + FILE + " could not be written: " + e.getMessage());
    }
  }

  private static String age(Duration age) {
    long hours = Math.max(0, age.toHours());
    if (hours < 1) {
      return "taken less than an hour ago";
    }
    if (hours < 48) {
      return hours + (hours == 1 ? " hour old" : " hours old");
    }
    return age.toDays() + " days old";
  }
}
