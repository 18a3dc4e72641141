package safeup.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;

/**
 * The snapshots safeup took together before one pacman run, found again from their LVM tags.
 *
 * @param expectedMembers how many snapshots the set had when it was made; fewer are left when
 *     safeup was interrupted while making or removing it
 * @param pools the thin pools that hold its thin snapshots
 */
public record SnapshotSet(
    String id,
    List<LogicalVolume> snapshots,
    int expectedMembers,
    String command,
    String created,
    List<LogicalVolume> pools) {

  /**
   * Where a set stands, and what may be done with it there: the one place that says so, for the
   * prompt, {@code status}, {@code keep}, {@code rollback} and the update's preflight alike.
   */
  public enum State {
    PENDING("pending", "pending", true, true),
    MERGE_SCHEDULED("merge-scheduled", "merge scheduled, reboot needed", false, false),
    MERGE_FAILED(
        "merge-failed",
        "merge failed: a snapshot overflowed after its merge was scheduled, so the volumes stay as"
            + " the update left them",
        true,
        false),
    ROLLBACK_INTERRUPTED(
        "rollback-interrupted",
        "rollback interrupted: run 'safeup rollback' to finish it",
        false,
        true),
    INVALID(
        "invalid",
        "invalid: a snapshot overflowed or its disk failed, rollback impossible",
        true,
        false),
    INCOMPLETE("incomplete", "incomplete: safeup was interrupted", true, false);

    private final String key;
    private final String words;
    private final boolean mayKeep;
    private final boolean mayRollBack;

    State(String key, String words, boolean mayKeep, boolean mayRollBack) {
      this.key = key;
      this.words = words;
      this.mayKeep = mayKeep;
      this.mayRollBack = mayRollBack;
    }

    /** The word {@code safeup status --json} uses. */
    public String key() {
      return key;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /** The id of a set made now: the time in UTC, {@code 20261127-101500}. */
  public static String newId(Clock clock) {
    return ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).format(ID);
  }

  /** True when {@code safeup keep} may remove the set. */
  public boolean mayKeep() {
    return state().mayKeep;
  }

  /**
   * True when {@code safeup rollback} may merge the set, or finish a rollback: merging the members
   * left, or putting /boot back once the merges are scheduled.
   */
  public boolean mayRollBack() {
    return state().mayRollBack || (state() == State.MERGE_SCHEDULED && bootSave().isPresent());
  }

  /**
   * True when the set's snapshots may be mounted to read or back up: all there, none overflowed,
   * none merging.
   */
  public boolean mayMount() {
    return state() == State.PENDING;
  }

  /** What to do next with the set, as a command line or two. */
  public String next() {
    return switch (state()) {
      case PENDING -> "safeup keep " + id + "  or  safeup rollback " + id;
      case MERGE_SCHEDULED -> "reboot to complete the rollback";
      case MERGE_FAILED ->
          "pacman -S $(cat /usr/lib/modules/*/pkgbase)  (the update's kernels back in /boot, which"
              + " was put back for the old system), reboot, then: safeup keep "
              + id;
      case ROLLBACK_INTERRUPTED -> "safeup rollback " + id + "  (to finish it)";
      case INVALID, INCOMPLETE -> "safeup keep " + id + "  (it can no longer be rolled back)";
    };
  }

  public State state() {
    if (snapshots.stream().anyMatch(lv -> lv.mergePending() && lv.invalid())) {
      return State.MERGE_FAILED;
    }
    boolean allMerging = snapshots.stream().allMatch(LogicalVolume::mergePending);
    if (rollbackStarted() && (!allMerging || bootPutBackPending())) {
      return State.ROLLBACK_INTERRUPTED;
    }
    if (snapshots.stream().anyMatch(LogicalVolume::mergePending)) {
      return State.MERGE_SCHEDULED;
    }
    if (snapshots.stream().anyMatch(LogicalVolume::invalid)) {
      return State.INVALID;
    }
    if (snapshots.size() < expectedMembers) {
      return State.INCOMPLETE;
    }
    return State.PENDING;
  }

  /**
   * True once a rollback of this set began: every member is tagged before the first merge, so the
   * members left after an interruption still say so, even when merged ones are gone.
   */
  public boolean rollbackStarted() {
    return snapshots.stream().anyMatch(lv -> lv.hasTag(SafeupTags.ROLLBACK));
  }

  /**
   * True when a rollback of this set has merged (or scheduled) every member and has /boot still to
   * put back (see {@link BootPutBackRecord}): a boot now would load the new kernel.
   */
  public boolean bootPutBackPending() {
    return BootPutBackRecord.of(id, snapshots).isPresent();
  }

  /** The origin of a snapshot of this set. */
  public static VolumeName originOf(LogicalVolume snapshot) {
    return new VolumeName(snapshot.name().vg(), snapshot.origin());
  }

  /** The thin pool holding {@code snapshot}, when it is thin and the pool was listed. */
  public Optional<LogicalVolume> poolOf(LogicalVolume snapshot) {
    return pools.stream().filter(pool -> pool.holds(snapshot)).findFirst();
  }

  private static final DateTimeFormatter LV_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

  /** When the set was made, from LVM's creation time of its members; empty when unreadable. */
  public Optional<OffsetDateTime> createdAt() {
    try {
      return Optional.ofNullable(created).map(time -> OffsetDateTime.parse(time, LV_TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Why the set was made: {@code update}, or {@code boot} for a set taken at boot. */
  public String reason() {
    String reason = snapshots.isEmpty() ? "" : snapshots.get(0).tagValue(SafeupTags.REASON);
    return reason.isEmpty() ? "update" : reason;
  }

  /** Where the copy of /boot taken before this set's snapshots is, when one was taken. */
  public Optional<Path> bootSave() {
    return snapshots.stream()
        .map(lv -> SafeupTags.decode(SafeupTags.BOOT, lv.tags()))
        .flatMap(Optional::stream)
        .findFirst()
        .map(Path::of);
  }

  /** The log pacman wrote to during the run this set protects, when it was recorded. */
  public Optional<Path> logFile() {
    return snapshots.stream()
        .map(lv -> SafeupTags.decode(SafeupTags.LOG, lv.tags()))
        .flatMap(Optional::stream)
        .findFirst()
        .map(Path::of);
  }
}
