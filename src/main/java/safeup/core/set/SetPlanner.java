package safeup.core.set;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import safeup.config.Config;
import safeup.console.Sizes;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SafeupTags;
import safeup.core.SnapshotFill;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;
import safeup.pacman.PackageFiles;
import safeup.pacman.PacmanPaths;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * Plans a snapshot set before it is made: which volumes it holds, whether each can be snapshotted,
 * each snapshot's name and size, and whether the volume groups have room. Each refusal is a {@link
 * SafeupException} that says what failed and what to do, raised before anything is changed.
 */
public final class SetPlanner {
  private final Machine machine;
  private final Config config;
  private final Path configFile;

  public SetPlanner(Machine machine, Config config, Path configFile) {
    this.machine = machine;
    this.config = config;
    this.configFile = configFile;
  }

  /** Checks the volumes and their room, and plans one snapshot per volume of the set. */
  public List<PlannedSnapshot> plan(List<LogicalVolume> volumes, PacmanPaths paths, String setId) {
    List<PlannedSnapshot> plan = new ArrayList<>();
    for (LogicalVolume lv : members(volumes, paths)) {
      requireSnapshottable(lv, volumes);
      plan.add(planFor(lv, volumes, setId));
    }
    return sized(plan);
  }

  /**
   * The volumes a set would hold: those configured, then those holding pacman's root, its {@code
   * /usr} and its database, then those of the other filesystems pacman writes to.
   */
  public List<LogicalVolume> members(List<LogicalVolume> volumes, PacmanPaths paths) {
    List<LogicalVolume> members = new ArrayList<>();
    for (VolumeName name : config.volumes()) {
      LogicalVolume lv =
          find(volumes, name)
              .orElseThrow(
                  () ->
                      new SafeupException(
                          ExitCode.REFUSED,
                          "logical volume "
                              + name
                              + " (Volumes in "
                              + configFile
                              + ") does not exist; correct Volumes there ('lvs' lists the"
                              + " volumes)"));
      members.add(lv);
    }
    List<LogicalVolume> written = new ArrayList<>(volumesHolding(paths, volumes));
    written.addAll(PacmanFilesystems.volumes(writtenFilesystems(volumes, paths), configFile));
    for (LogicalVolume lv : written) {
      if (!members.contains(lv)) {
        members.add(lv);
      }
    }
    return members;
  }

  /**
   * The LVs holding pacman's root, its {@code /usr} and its database: they must roll back together,
   * so each is part of the set.
   */
  private List<LogicalVolume> volumesHolding(PacmanPaths paths, List<LogicalVolume> volumes) {
    if (!Files.isDirectory(paths.root())) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "pacman's root directory "
              + paths.root()
              + " does not exist; check pacman's --root or --sysroot");
    }
    MountTable mounts = machine.mounts().get();
    Map<String, Path> needed = new LinkedHashMap<>();
    needed.put("pacman's root", paths.root());
    needed.put("/usr of pacman's root", paths.root().resolve("usr"));
    needed.put("pacman's database", paths.dbPath());
    List<LogicalVolume> holding = new ArrayList<>();
    for (Map.Entry<String, Path> entry : needed.entrySet()) {
      LogicalVolume lv = holding(entry.getKey(), entry.getValue(), mounts, volumes);
      if (!holding.contains(lv)) {
        holding.add(lv);
      }
    }
    return holding;
  }

  /** The LV holding {@code path} ({@code what}, for the refusal when it is not on LVM). */
  private static LogicalVolume holding(
      String what, Path path, MountTable mounts, List<LogicalVolume> volumes) {
    Mount mount =
        mounts
            .holdingNearest(path)
            .orElseThrow(
                () -> new SafeupException(ExitCode.REFUSED, "no mounted filesystem holds " + path));
    return LogicalVolume.mountedAs(mount, volumes)
        .orElseThrow(
            () ->
                new SafeupException(
                    ExitCode.REFUSED,
                    what
                        + " ("
                        + path
                        + ") is on "
                        + mount.source()
                        + ", which is not an LVM logical volume: pacman's files and its"
                        + " database could not be rolled back together. safeup can"
                        + " protect only a system whose root, /usr and /var/lib/pacman"
                        + " are on LVM"));
  }

  /** The filesystems below pacman's root that it writes to, and how each is protected. */
  public List<PacmanFilesystems.Written> writtenFilesystems(
      List<LogicalVolume> volumes, PacmanPaths paths) {
    Supplier<PackageFiles> owned = memoized(() -> packageFiles(paths));
    return PacmanFilesystems.find(
        paths.root(),
        machine.mounts().get(),
        volumes,
        config.unprotected(),
        dir -> owned.get().ownsAnythingIn(dir));
  }

  private static PackageFiles packageFiles(PacmanPaths paths) {
    try {
      return PackageFiles.read(paths.dbPath());
    } catch (java.io.UncheckedIOException e) {
      throw new SafeupException(
          ExitCode.REFUSED,
          e.getMessage()
              + " ("
              + e.getCause().getMessage()
              + "), so safeup cannot tell which filesystems pacman writes to; check DBPath");
    }
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    List<T> value = new ArrayList<>();
    return () -> {
      if (value.isEmpty()) {
        value.add(supplier.get());
      }
      return value.get(0);
    };
  }

  private static void requireSnapshottable(LogicalVolume lv, List<LogicalVolume> volumes) {
    String problem = null;
    if (lv.hasTag(SafeupTags.MARKER)) {
      problem = "is one of safeup's own snapshots";
    } else if (lv.isSnapshot() && !lv.isThin()) {
      problem = "is itself a thick snapshot"; // a thin snapshot is a volume like any other
    } else if (lv.isThinPool()) {
      problem = "is a thin pool, not a filesystem volume";
    } else if (lv.mergePending()) {
      problem = "has a snapshot merge waiting for the next activation; reboot first";
    }
    if (problem != null) {
      throw new SafeupException(
          ExitCode.REFUSED, "cannot snapshot " + lv.name() + ": it " + problem);
    }
    if (lv.isThin()) {
      LogicalVolume pool = find(volumes, new VolumeName(lv.name().vg(), lv.poolLv())).orElse(null);
      // A pool this full may fill during the update, and a full pool stops the origin too.
      if (pool != null && SnapshotFill.poolNearlyFull(pool)) {
        throw new SafeupException(
            ExitCode.REFUSED,
            "thin pool "
                + pool.name()
                + " is "
                + Math.round(SnapshotFill.poolFill(pool))
                + "% full; a snapshot of "
                + lv.name()
                + " keeps old blocks, and a full pool stops writes to "
                + lv.name()
                + " itself. Extend the pool first (lvextend)");
      }
    }
  }

  private PlannedSnapshot planFor(LogicalVolume lv, List<LogicalVolume> volumes, String setId) {
    String name = snapshotName(lv.name().lv(), setId);
    try {
      new VolumeName(lv.name().vg(), name);
    } catch (IllegalArgumentException e) {
      throw new SafeupException(
          ExitCode.REFUSED, "cannot name a snapshot of " + lv.name() + ": " + e.getMessage());
    }
    if (find(volumes, new VolumeName(lv.name().vg(), name)).isPresent()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "a logical volume named " + lv.name().vg() + "/" + name + " already exists; rename it");
    }
    if (lv.isThin()) {
      return new PlannedSnapshot(lv, name, null, 0);
    }
    return new PlannedSnapshot(lv, name, config.snapshotSize(), 0);
  }

  /** {@code root} and set {@code 20261127-101500} give {@code root-safeup-20261127-101500}. */
  static String snapshotName(String origin, String setId) {
    String suffix = "-safeup-" + setId;
    int room = 128 - suffix.length();
    return (origin.length() > room ? origin.substring(0, room) : origin) + suffix;
  }

  /** Sizes each thick snapshot; each VG must have room for all those made in it. */
  private List<PlannedSnapshot> sized(List<PlannedSnapshot> plan) {
    Map<String, Long> used = new LinkedHashMap<>();
    List<PlannedSnapshot> sized = new ArrayList<>();
    for (PlannedSnapshot p : plan) {
      LogicalVolume o = p.origin();
      if (p.size() == null) {
        sized.add(p);
        continue;
      }
      long before = used.getOrDefault(o.name().vg(), 0L);
      long bytes =
          p.size()
              .bytes(o.sizeBytes(), o.vgSizeBytes(), o.vgFreeBytes() - before, o.vgExtentBytes());
      used.put(o.name().vg(), before + bytes);
      sized.add(new PlannedSnapshot(o, p.name(), p.size(), bytes));
    }
    requireRoom(used, sized);
    return sized;
  }

  /** Refuses when the snapshots planned in a volume group need more than it has free. */
  private void requireRoom(Map<String, Long> used, List<PlannedSnapshot> sized) {
    for (Map.Entry<String, Long> entry : used.entrySet()) {
      String vg = entry.getKey();
      List<PlannedSnapshot> inVg =
          sized.stream()
              .filter(p -> p.size() != null && p.origin().name().vg().equals(vg))
              .toList();
      long free = inVg.get(0).origin().vgFreeBytes();
      if (entry.getValue() > free) {
        String origins =
            inVg.stream().map(p -> p.origin().name().toString()).collect(Collectors.joining(", "));
        throw new SafeupException(
            ExitCode.REFUSED,
            "volume group '"
                + vg
                + "' has "
                + Sizes.human(free)
                + " free; snapshots of "
                + origins
                + " need "
                + Sizes.human(entry.getValue())
                + " (SnapshotSize = "
                + config.snapshotSize()
                + "). Free space in "
                + vg
                + " or set a smaller SnapshotSize in "
                + configFile);
      }
    }
  }

  private static Optional<LogicalVolume> find(List<LogicalVolume> volumes, VolumeName name) {
    return volumes.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
