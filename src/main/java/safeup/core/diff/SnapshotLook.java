package safeup.core.diff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.Origins;
import safeup.core.SafeupException;
import safeup.core.SnapshotMount;
import safeup.core.SnapshotMount.Access;
import safeup.core.SnapshotSet;
import safeup.files.Scratch;
import safeup.lvm.LogicalVolume;
import safeup.system.Mount;

/**
 * Each member of a set mounted read-only at a directory of its own in a private scratch directory
 * (mode 0700, in the temporary directory), beside the live volume it is compared with; unmounted,
 * and the directory removed, when closed. A look leaves nothing behind, so its mounts run as
 * probes, dry runs included; a member mounted already (by {@code safeup mount}) is read where it
 * is.
 */
final class SnapshotLook implements AutoCloseable {
  /**
   * One member and where to read it.
   *
   * @param origin where its origin is mounted on the live system
   * @param at where the snapshot's filesystem is
   */
  record Member(LogicalVolume snapshot, Mount origin, Path at) {}

  private final Machine machine;
  private final Console console;
  private final Scratch scratch;
  private final List<Member> members = new ArrayList<>();
  private final List<SnapshotMount> mounted = new ArrayList<>();

  private SnapshotLook(Machine machine, Console console, Scratch scratch) {
    this.machine = machine;
    this.console = console;
    this.scratch = scratch;
  }

  /** Mounts every member of {@code set}; refused, with nothing left behind, when one cannot be. */
  static SnapshotLook open(Machine machine, Console console, SnapshotSet set) {
    if (!set.mayMount()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "snapshot set " + set.id() + " cannot be compared: it is " + set.state());
    }
    Scratch scratch;
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    try {
      scratch = machine.files().scratch(temp, "safeup-look-");
    } catch (IOException e) {
      throw new SafeupException(
          ExitCode.REFUSED, "cannot make a directory in " + temp + ": " + e.getMessage());
    }
    SnapshotLook look = new SnapshotLook(machine, console, scratch);
    try {
      List<LogicalVolume> volumes = machine.listVolumes();
      List<Mount> mounts = machine.mounts().get().all();
      for (LogicalVolume snapshot : set.snapshots()) {
        look.add(snapshot, volumes, mounts);
      }
    } catch (RuntimeException e) {
      look.close();
      throw e;
    }
    look.members.sort(Comparator.comparing(m -> m.origin().mountPoint()));
    return look;
  }

  List<Member> members() {
    return members;
  }

  /** The member whose origin holds {@code livePath}: the one mounted nearest to it. */
  Optional<Member> holding(String livePath) {
    return members.stream()
        .filter(m -> Scope.under(livePath, m.origin().mountPoint()))
        .max(Comparator.comparingInt(m -> m.origin().mountPoint().length()));
  }

  private void add(LogicalVolume snapshot, List<LogicalVolume> volumes, List<Mount> mounts) {
    Mount origin =
        Origins.mountOf(snapshot, volumes, mounts)
            .orElseThrow(
                () ->
                    refused(
                        SnapshotSet.originOf(snapshot)
                            + " (the origin of "
                            + snapshot.name()
                            + ") is not mounted, so there is nothing to compare it with"));
    Optional<Mount> already =
        mounts.stream()
            .filter(
                m ->
                    snapshot.active()
                        && m.major() == snapshot.kernelMajor()
                        && m.minor() == snapshot.kernelMinor())
            .findFirst();
    if (already.isPresent()) {
      members.add(new Member(snapshot, origin, Path.of(already.get().mountPoint())));
      return;
    }
    members.add(new Member(snapshot, origin, mountAt(snapshot, origin.fsType())));
  }

  /** Mounts {@code snapshot} read-only at a new directory in the scratch directory. */
  private Path mountAt(LogicalVolume snapshot, String fsType) {
    Path at = scratch.dir().resolve(String.valueOf(members.size()));
    try {
      scratch.directory(at.getFileName().toString());
    } catch (IOException e) {
      throw refused("cannot make the directory " + at + ": " + e.getMessage());
    }
    try {
      mounted.add(SnapshotMount.mount(machine, snapshot, fsType, Access.READ_ONLY, at, true));
    } catch (SnapshotMount.Failure e) {
      throw refused(e.getMessage());
    }
    return at;
  }

  /**
   * Unmounts what was mounted and deactivates what was activated; the scratch directory goes only
   * once nothing is mounted in it.
   */
  @Override
  public void close() {
    boolean allUnmounted = true;
    for (int i = mounted.size() - 1; i >= 0; i--) {
      try {
        mounted.get(i).unmount(console);
      } catch (SnapshotMount.Failure e) {
        allUnmounted = false;
        console.warning(e.getMessage());
      }
    }
    if (allUnmounted) {
      scratch.close();
    }
  }

  private static SafeupException refused(String why) {
    return new SafeupException(ExitCode.REFUSED, why);
  }
}
