package safeup.core.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import safeup.console.Console;
import safeup.console.ProgressBar;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.pacman.LocalDatabase;
import safeup.pacman.PackageChange;
import safeup.pacman.PackageFiles;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanPaths;
import safeup.process.ProcessResult;
import safeup.system.Mount;

/**
 * {@code safeup diff}: each member of a set read where it is mounted read-only, compared with its
 * live volume, and every change grouped; which packages the update changed comes from pacman's
 * database in the snapshot against the live one, not from a log.
 */
public final class SetDiff {
  private final Machine machine;
  private final Console console;

  public SetDiff(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * The set named {@code id} (or the only one) compared: see {@link #of(SnapshotSet, Scope,
   * boolean, boolean)}.
   */
  public DiffResult of(Optional<String> id, Scope scope, boolean contents, boolean progress) {
    machine.requireRoot("mount snapshots to compare them");
    SnapshotSet set = SnapshotSets.select(machine.ourSets(), id, "compare", "ID");
    return of(set, scope, contents, progress);
  }

  /**
   * What differs between {@code set} and the live system within {@code scope}; {@code contents}
   * reads files whose size and time agree, and {@code progress} draws a bar.
   */
  public DiffResult of(SnapshotSet set, Scope scope, boolean contents, boolean progress) {
    PacmanPaths paths = machine.pacmanPaths(PacmanInvocation.of(List.of()));
    try (SnapshotLook look = SnapshotLook.open(machine, console, set)) {
      List<FileChange> changes = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      Optional<ProgressBar> bar =
          progress
              ? Optional.of(ProgressBar.counting(console.out(), "comparing", usedInodes(look)))
              : Optional.empty();
      long done = 0;
      for (SnapshotLook.Member member : look.members()) {
        String mountPoint = member.origin().mountPoint();
        long before = done;
        TreeComparison comparison =
            new TreeComparison(
                member.at(),
                machine.host().onDisk(Path.of(mountPoint)),
                mountPoint,
                scope,
                elsewhere(mountPoint),
                contents,
                n -> bar.ifPresent(b -> b.update(before + n)));
        changes.addAll(comparison.run());
        problems.addAll(comparison.unreadable());
        done += comparison.examined();
      }
      bar.ifPresent(ProgressBar::finish);
      return grouped(set, look, paths, scope, changes, problems);
    } catch (IOException e) {
      throw new SafeupException(ExitCode.REFUSED, "cannot compare: " + e.getMessage());
    }
  }

  private DiffResult grouped(
      SnapshotSet set,
      SnapshotLook look,
      PacmanPaths paths,
      Scope scope,
      List<FileChange> changes,
      List<String> problems) {
    Path liveDb = paths.dbPath();
    Optional<Path> oldDb =
        look.holding(liveDb.toString())
            .map(m -> m.at().resolve(Path.of(m.origin().mountPoint()).relativize(liveDb)));
    List<PackageChange> packages = List.of();
    Optional<LocalDatabase> live = LocalDatabase.read(machine.host().onDisk(liveDb));
    Optional<LocalDatabase> old = oldDb.flatMap(LocalDatabase::read);
    if (live.isPresent() && old.isPresent()) {
      packages = live.get().changesSince(old.get());
    } else {
      problems.add("pacman's database " + liveDb + " could not be read in the snapshot and live");
    }
    String root = paths.root().toString();
    Grouping grouping =
        new Grouping(
            root,
            packages.stream().map(PackageChange::name).collect(Collectors.toSet()),
            owners(machine.host().onDisk(liveDb), oldDb, root, changes, problems),
            new SummarisedAreas(scope));
    Grouping.Sorted sorted = grouping.sort(changes);
    return new DiffResult(set, packages, sorted.entries(), sorted.summaries(), problems);
  }

  /** Who owns each changed path: the live database first, the snapshot's for what is gone. */
  private static Map<String, String> owners(
      Path liveDb,
      Optional<Path> oldDb,
      String root,
      List<FileChange> changes,
      List<String> problems) {
    Set<String> paths =
        changes.stream()
            .map(c -> Grouping.relative(root, c.path()))
            .collect(Collectors.toCollection(TreeSet::new));
    Map<String, String> owners = new HashMap<>();
    try {
      owners.putAll(PackageFiles.owners(liveDb, paths));
      if (oldDb.isPresent()) {
        PackageFiles.owners(oldDb.get(), paths).forEach(owners::putIfAbsent);
      }
    } catch (UncheckedIOException e) {
      problems.add(e.getMessage() + ": which package owns a file is not known");
    }
    return owners;
  }

  /** Where other filesystems are mounted than the one at {@code mountPoint}. */
  private Set<String> elsewhere(String mountPoint) {
    return machine.mounts().get().all().stream()
        .map(Mount::mountPoint)
        .filter(point -> !point.equals(mountPoint))
        .collect(Collectors.toSet());
  }

  /** How many paths the live filesystems hold: the bar's 100%. */
  private long usedInodes(SnapshotLook look) {
    long used = 0;
    for (SnapshotLook.Member member : look.members()) {
      ProcessResult stat =
          machine
              .processes()
              .query(List.of("stat", "-f", "-c", "%c %d", member.origin().mountPoint()));
      String[] fields = stat.stdout().strip().split(" ");
      if (stat.succeeded()
          && fields.length == 2
          && fields[0].matches("\\d+")
          && fields[1].matches("\\d+")) {
        used += Long.parseLong(fields[0]) - Long.parseLong(fields[1]);
      }
    }
    return used;
  }
}
