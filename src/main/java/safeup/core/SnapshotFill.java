package safeup.core;

import java.util.Locale;
import safeup.console.Sizes;
import safeup.lvm.LogicalVolume;

/** One line about how full a snapshot is. */
public final class SnapshotFill {
  private SnapshotFill() {}

  /** A thin pool this full is near the point where writes to its volumes stop. */
  public static final double POOL_LIMIT = 90.0;

  public static String describe(SnapshotSet set, LogicalVolume snapshot) {
    String name = snapshot.name() + " of " + SnapshotSet.originOf(snapshot);
    if (snapshot.invalid() && snapshot.mergePending()) {
      return name
          + ": INVALID after its merge was scheduled (overflowed, or its disk failed): LVM aborts"
          + " that merge at the next boot";
    }
    if (snapshot.invalid()) {
      return name + ": INVALID (overflowed, or its disk failed; can no longer be rolled back)";
    }
    if (snapshot.mergePending()) {
      return name
          + ": merge scheduled (it completes when "
          + SnapshotSet.originOf(snapshot)
          + " is next activated: reboot)";
    }
    String use = snapshot.open() ? " (in use: mounted, or held by a program)" : "";
    if (snapshot.isThin()) {
      String pool = snapshot.name().vg() + "/" + snapshot.poolLv();
      return name
          + ": thin snapshot in pool "
          + pool
          + set.poolOf(snapshot)
              .map(
                  p ->
                      " (data "
                          + percent(p.dataPercent())
                          + ", metadata "
                          + percent(p.metadataPercent())
                          + " used)")
              .orElse("")
          + use;
    }
    Double fill = snapshot.fillPercent();
    return name + ": " + percent(fill) + " of " + Sizes.human(snapshot.sizeBytes()) + " used" + use;
  }

  /** True when the pool's data or metadata is at or past {@link #POOL_LIMIT}. */
  public static boolean poolNearlyFull(LogicalVolume pool) {
    return poolFill(pool) >= POOL_LIMIT;
  }

  /** The fuller of the pool's data and metadata, in percent. */
  public static double poolFill(LogicalVolume pool) {
    return Math.max(orZero(pool.dataPercent()), orZero(pool.metadataPercent()));
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  private static String percent(Double value) {
    return value == null ? "?" : String.format(Locale.ROOT, "%.1f%%", value);
  }
}
