package safeup.core.decision;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import safeup.core.BootPutBackRecord;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PackageChange;
import safeup.pacman.PacmanLog;

/** What {@code safeup status} reports: every set, its state and what changed since it was made. */
public final class StatusService {
  private final Machine machine;

  public StatusService(Machine machine) {
    this.machine = machine;
  }

  /**
   * One set and the package changes pacman logged since it was made.
   *
   * @param created when LVM made the set's snapshots, if LVM said
   * @param changes empty when the log is unknown or unreadable
   */
  public record SetStatus(
      SnapshotSet set, Optional<OffsetDateTime> created, Optional<List<PackageChange>> changes) {}

  /**
   * Every set, and the rollbacks whose merge completed before /boot was put back.
   *
   * @param unfinished their records: each names the command that finishes it
   */
  public record Report(List<SetStatus> sets, List<BootPutBackRecord> unfinished) {}

  public Report report() {
    machine.requireRoot("read LVM's metadata");
    String host = machine.machineId();
    PageCache.flush(machine.processes());
    List<LogicalVolume> volumes = machine.listVolumes();
    List<SnapshotSet> sets = SnapshotSets.of(volumes, host);
    return new Report(
        sets.stream().map(this::status).toList(),
        BootPutBackRecord.withoutSet(volumes, sets, host));
  }

  SetStatus status(SnapshotSet set) {
    Optional<OffsetDateTime> created = set.createdAt();
    Optional<List<PackageChange>> changes = Optional.empty();
    Optional<Path> log = set.logFile();
    if (log.isPresent() && created.isPresent()) {
      try {
        changes = Optional.of(new PacmanLog(log.get()).changesSince(created.get()));
      } catch (RuntimeException e) {
        changes = Optional.empty(); // e.g. the log's filesystem is not mounted
      }
    }
    return new SetStatus(set, created, changes);
  }
}
