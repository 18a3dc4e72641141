package safeup.core.carry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;

/**
 * What a rollback would otherwise destroy, written where the rollback brings it back: a merge
 * rewinds the journal and pacman's log with everything else, so just before it safeup puts {@code
 * /var/log/safeup/rollback-ID/} into the snapshot of the volume that holds /var/log: the journal of
 * every boot since the set was taken, pacman's log since then, and a report of the update and why
 * it goes back. When /var/log is on no volume of the set, the rollback does not touch it and the
 * directory is written there. A failure is a warning: the rollback matters more than its evidence.
 */
public final class RollbackEvidence {
  static final Path LOGS = Path.of("/var/log/safeup");

  /** Less room than this in the snapshot, and nothing is written. */
  private static final long LEAST_ROOM = 256L << 10;

  /** What the evidence may take where the rollback does not reach. */
  private static final long LIVE_ROOM = 64L << 20;

  private final Machine machine;
  private final Console console;

  public RollbackEvidence(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /** Where the evidence of the rollback of set {@code id} is, once it is back. */
  public static Path dirOf(String id) {
    return LOGS.resolve("rollback-" + id);
  }

  /**
   * Writes the evidence of rolling {@code set} back because {@code reason} (undoing {@code undoes},
   * when it is known), and returns the set as LVM shows it now: writing into a snapshot fills it,
   * which the rollback checks again.
   */
  public SnapshotSet write(SnapshotSet set, String reason, Optional<String> undoes) {
    Path dir = dirOf(set.id());
    Optional<Mount> logs = machine.mounts().get().holding(LOGS);
    Optional<LogicalVolume> member =
        logs.flatMap(mount -> memberUnder(set, mount, machine.listVolumes()));
    try {
      if (member.isEmpty()) {
        new Evidence(machine, set, reason, undoes, "").write(machine.host().onDisk(dir), LIVE_ROOM);
        console.detail("the evidence is in " + dir + " (on no volume of the set, so it stays)");
        return set;
      }
      if (member.get().mergePending()) {
        return set; // written when this rollback began, before its first merge
      }
      writeInto(
          member.get(),
          logs.get(),
          new Evidence(machine, set, reason, undoes, member.get().name().toString()));
      console.detail(
          "the journal since the set was taken, pacman's log and a report are in "
              + dir
              + " on "
              + member.get().name()
              + ": they come back with the merge");
    } catch (IOException | UncheckedIOException | SafeupException e) {
      console.warning(
          "the evidence of this rollback could not be written to "
              + dir
              + member.map(lv -> " on " + lv.name()).orElse("")
              + ": "
              + e.getMessage()
              + "; the rollback goes on, and 'journalctl -t safeup' keeps its own entries");
    }
    return machine.ourSets().stream().filter(s -> s.id().equals(set.id())).findFirst().orElse(set);
  }

  /** Mounts {@code member}, whose origin is {@code logs}, and writes the evidence into it. */
  private void writeInto(LogicalVolume member, Mount logs, Evidence evidence) throws IOException {
    SnapshotSet set = evidence.set();
    try (WritableSnapshot snapshot =
        WritableSnapshot.open(machine, console, set, member, logs.fsType(), LEAST_ROOM)) {
      Path inside = Path.of(logs.mountPoint()).relativize(dirOf(set.id()));
      evidence.write(snapshot.root().resolve(inside.toString()), snapshot.room());
    }
  }

  /** The member of {@code set} whose origin is the volume mounted at {@code mount}. */
  static Optional<LogicalVolume> memberUnder(
      SnapshotSet set, Mount mount, List<LogicalVolume> volumes) {
    return LogicalVolume.mountedAs(mount, volumes)
        .flatMap(
            origin ->
                set.snapshots().stream()
                    .filter(s -> SnapshotSet.originOf(s).equals(origin.name()))
                    .findFirst());
  }
}
