package safeup.core.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.RollbackRecord;
import safeup.core.SafeupTags;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;

/**
 * Rollbacks whose merges have completed since safeup last ran, found from the volume groups' {@link
 * RollbackRecord}s: a record whose set has no snapshot left is written to the journal and removed.
 * The entry safeup wrote before the rollback's reboot was on the root volume and went back with it;
 * this one is written after the merge, so it stays.
 *
 * <p>It runs where safeup starts work on its sets: an update, {@code keep}, {@code rollback},
 * {@code boot snapshot} (a snapshot boot) and {@code boot rollback} (the boot menu's entry, at the
 * boot after the rollback).
 */
public final class FinishedRollbacks {
  private final Machine machine;
  private final Console console;

  public FinishedRollbacks(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Lists the volumes and writes the entries of rollbacks completed among them; gives the listing,
   * so that the caller's work on its sets needs no second {@code lvs}. With {@code flushed}, the
   * page cache is written out first, for a caller that shows or decides on fill levels.
   */
  public List<LogicalVolume> listAndRecord(boolean flushed) {
    if (flushed) {
      PageCache.flush(machine.processes());
    }
    List<LogicalVolume> volumes = machine.listVolumes();
    record(volumes);
    return volumes;
  }

  /** Writes the entries of rollbacks completed among {@code volumes} (as {@code lvs} listed). */
  public void record(List<LogicalVolume> volumes) {
    String host = machine.host().machineId();
    if (host.isEmpty()) {
      return; // no record can be told to be this system's
    }
    try {
      for (Map.Entry<String, List<String>> group : groupTags(volumes).entrySet()) {
        for (String id : RollbackRecord.idsIn(group.getValue())) {
          finish(group.getKey(), id, group.getValue(), volumes, host);
        }
      }
    } catch (RuntimeException e) {
      console.warning(
          "could not tell the journal about a finished rollback: "
              + e.getMessage()
              + "; safeup tries again when it next runs");
    }
  }

  /** Lists the volumes and writes the entries of rollbacks completed among them. */
  public void record() {
    record(machine.listVolumes());
  }

  private void finish(
      String vg, String id, List<String> tags, List<LogicalVolume> volumes, String host) {
    boolean merging = volumes.stream().anyMatch(lv -> lv.hasTag(SafeupTags.SET + id));
    Optional<RollbackRecord> record = RollbackRecord.read(id, tags);
    if (merging || record.isEmpty() || !record.get().host().equals(host)) {
      return; // not complete yet, or another system's to tell
    }
    if (!machine.trail().rolledBack(record.get())) {
      return; // warned of; the record waits for the next run
    }
    new LoginMessage(machine, console).rolledBack(record.get());
    List<String> recordTags = RollbackRecord.tagsOf(id, tags);
    try {
      machine.lvm().removeGroupTags(vg, recordTags);
    } catch (RuntimeException e) {
      List<String> argv = new ArrayList<>(List.of("vgchange"));
      recordTags.forEach(tag -> argv.addAll(List.of("--deltag", tag)));
      argv.add(vg);
      console.warning(
          e.getMessage()
              + "; the journal has the rollback of set "
              + id
              + ", and will have it again at the next run unless the record goes: "
              + safeup.process.Argv.render(argv));
    }
  }

  /**
   * Before the first merge of {@code set}: the record, on each volume group of the set that has
   * none yet (a rollback finished later keeps the first one). A failure costs only the journal's
   * entry, so it is a warning and the rollback goes on.
   *
   * @param merging the origins that merge back; the others' snapshots overflowed
   */
  static void mark(
      Machine machine, Console console, SnapshotSet set, List<VolumeName> merging, String reason) {
    List<String> unmerged =
        set.snapshots().stream()
            .map(SnapshotSet::originOf)
            .filter(origin -> !merging.contains(origin))
            .map(VolumeName::toString)
            .toList();
    RollbackRecord record =
        new RollbackRecord(
            set.id(),
            machine.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
            machine.host().machineId(),
            merging.stream().map(VolumeName::toString).toList(),
            unmerged,
            reason.replaceAll("[\r\n]+", " "),
            set.command().replaceAll("[\r\n]+", " "));
    Map<String, List<String>> groups = groupTags(set.snapshots());
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      if (!RollbackRecord.tagsOf(set.id(), group.getValue()).isEmpty()) {
        continue;
      }
      try {
        machine.lvm().addGroupTags(group.getKey(), record.tags());
      } catch (RuntimeException e) {
        console.warning(
            e.getMessage()
                + "; the rollback goes on, but the journal will not tell when it has completed");
      }
    }
  }

  /** Each volume group among {@code volumes} with its tags. */
  private static Map<String, List<String>> groupTags(List<LogicalVolume> volumes) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (LogicalVolume lv : volumes) {
      groups.putIfAbsent(lv.name().vg(), new ArrayList<>(lv.vgTags()));
    }
    return groups;
  }
}
