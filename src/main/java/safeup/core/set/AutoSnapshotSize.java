package safeup.core.set;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.Machine;
import safeup.lvm.LogicalVolume;
import safeup.lvm.SnapshotSize;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanPaths;
import safeup.pacman.TransactionEstimate;
import safeup.pacman.TransactionEstimator;
import safeup.system.Mount;
import safeup.system.MountTable;

/**
 * {@code SnapshotSize = auto}: each thick snapshot sized from what the transaction will write to
 * its volume, with a margin, bounded by the volume group's free space.
 *
 * <p>The installed size counts against the volume holding pacman's {@code /usr}, the downloads
 * against the volume holding the CacheDir; every other volume of the set gets the minimum. A
 * transaction that cannot be predicted gets {@link #FALLBACK} of its volume.
 */
public final class AutoSnapshotSize {
  /** Margin over the prediction: a quarter more, for the filesystem's metadata and journal. */
  static final int MARGIN_PERCENT = 25;

  /** And a fixed margin, for pacman's database, log and scriptlets. */
  static final long MARGIN_BYTES = 16L << 20;

  /** What an unpredictable transaction gets: the size safeup used before auto. */
  static final SnapshotSize FALLBACK = SnapshotSize.parse("20%ORIGIN");

  private final MountTable mounts;
  private final Console console;

  /** Predicts the transaction and sizes the plan's {@code auto} snapshots from it. */
  public static List<PlannedSnapshot> resolve(
      Machine machine,
      Console console,
      List<PlannedSnapshot> plan,
      PacmanInvocation invocation,
      PacmanPaths paths) {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    TransactionEstimate estimate =
        new TransactionEstimator(machine.processes(), machine.files(), temp)
            .estimate(invocation, paths);
    return new AutoSnapshotSize(machine.mounts().get(), console).resolve(plan, estimate, paths);
  }

  AutoSnapshotSize(MountTable mounts, Console console) {
    this.mounts = mounts;
    this.console = console;
  }

  /**
   * The plan with each {@code auto} size replaced by bytes; the planner checked the minimum fits.
   */
  List<PlannedSnapshot> resolve(
      List<PlannedSnapshot> plan, TransactionEstimate estimate, PacmanPaths paths) {
    console.step(
        "SnapshotSize = auto: "
            + (estimate.known() ? estimate.basis() : "no prediction (" + estimate.basis() + ")"));
    Map<String, Long> left = new HashMap<>();
    Map<String, Long> minimaAfter = new HashMap<>();
    for (PlannedSnapshot p : plan) {
      if (isAuto(p)) {
        left.putIfAbsent(p.origin().name().vg(), p.origin().vgFreeBytes());
        minimaAfter.merge(p.origin().name().vg(), p.bytes(), Long::sum);
      }
    }
    List<PlannedSnapshot> sized = new ArrayList<>();
    for (PlannedSnapshot p : plan) {
      if (!isAuto(p)) {
        sized.add(p);
        continue;
      }
      LogicalVolume o = p.origin();
      String vg = o.name().vg();
      long extent = Math.max(1, o.vgExtentBytes());
      long want = roundUp(wanted(o, estimate, paths), extent);
      minimaAfter.merge(vg, -p.bytes(), Long::sum);
      long room = (left.get(vg) - minimaAfter.get(vg)) / extent * extent;
      long bytes = Math.max(p.bytes(), Math.min(want, room));
      if (bytes < want) {
        warnShort(o, bytes, want);
      }
      left.merge(vg, -bytes, Long::sum);
      sized.add(new PlannedSnapshot(o, p.name(), SnapshotSize.ofBytes(bytes), bytes));
    }
    return sized;
  }

  /** The snapshot of {@code o} gets less than the update is expected to write. */
  private void warnShort(LogicalVolume o, long bytes, long want) {
    String vg = o.name().vg();
    console.warning(
        "the snapshot of "
            + o.name()
            + " gets "
            + Sizes.human(bytes)
            + ", less than the "
            + Sizes.human(want)
            + " this update is expected to need: volume group "
            + vg
            + " has no more free space. It is grown while pacman runs as long as room is left;"
            + " free space in "
            + vg
            + " to be safe");
  }

  private static boolean isAuto(PlannedSnapshot p) {
    return p.size() != null && p.size().isAuto();
  }

  /** What the transaction writes to {@code origin}, with the margin, at least the minimum. */
  long wanted(LogicalVolume origin, TransactionEstimate estimate, PacmanPaths paths) {
    if (!estimate.known()) {
      return FALLBACK.bytes(
          origin.sizeBytes(), origin.vgSizeBytes(), origin.vgFreeBytes(), origin.vgExtentBytes());
    }
    long writes = 0;
    if (holds(origin, paths.root().resolve("usr"))) {
      writes += estimate.installedBytes();
    }
    if (estimate.cacheDirs().stream().anyMatch(dir -> holds(origin, dir))) {
      writes += estimate.downloadBytes();
    }
    long withMargin = writes + writes * MARGIN_PERCENT / 100 + MARGIN_BYTES;
    return Math.max(SnapshotSize.AUTO_MINIMUM, withMargin);
  }

  private boolean holds(LogicalVolume origin, Path path) {
    Optional<Mount> mount = mounts.holdingNearest(path);
    return mount.isPresent()
        && mount.get().major() == origin.kernelMajor()
        && mount.get().minor() == origin.kernelMinor();
  }

  private static long roundUp(long bytes, long extent) {
    return (bytes + extent - 1) / extent * extent;
  }
}
