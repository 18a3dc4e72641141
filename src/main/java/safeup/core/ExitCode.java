package safeup.core;

/** safeup's exit codes, in one place; help and the man page list them from here. */
public enum ExitCode {
  OK(0, "Success: the update was kept, rolled back or left for later, or nothing changed."),
  PACMAN_FAILED(1, "pacman failed; safeup exits with pacman's own exit code."),
  USAGE(2, "Bad command line or configuration file."),
  REFUSED(
      3,
      "A check failed; nothing was changed (for an update: pacman did not run; for doctor: a line"
          + " says FAIL)."),
  PENDING(4, "An earlier snapshot set is still undecided: run 'safeup keep' or 'safeup rollback'."),
  SNAPSHOT_FAILED(
      5,
      "A snapshot could not be created, or safeup was interrupted while making them; pacman did not run, and those made were removed (or the message says why not)."),
  NO_SET(6, "There is no snapshot set to keep, roll back, mount or back up."),
  ROLLBACK_REFUSED(
      7, "The set cannot be rolled back: overflowed, in use, incomplete or already merging."),
  DECISION_FAILED(8, "An LVM command or the reboot failed while carrying out keep or rollback."),
  BACKUP_FAILED(
      9,
      "Mount, umount or backup failed or was interrupted; what it mounted was unmounted and no"
          + " partial archive is left (or the message says what is)."),
  INTERNAL(70, "An unexpected internal error; please report it."),
  OUTPUT_FAILED(
      74,
      "Standard output could not be written (a full disk, or a pipe closed before safeup ended:"
          + " then without a message), and nothing else failed."),
  NOT_FOUND(
      127,
      "A program was not found: from the launcher, a Java runtime of version 17 or later or"
          + " safeup's jar (the message says what to install); or pacman itself.");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
