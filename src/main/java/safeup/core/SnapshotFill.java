package safeup.core;

import java.util.Locale;
import safeup.console.Sizes;
import safeup.lvm.LogicalVolume;

/** One line about how full a snapshot is. */
public final class SnapshotFill {
  private SnapshotFill() {}

  public static String describe(LogicalVolume snapshot) {
    String name = snapshot.name() + " of " + SnapshotSet.originOf(snapshot);
    if (snapshot.invalid()) {
      return name + ": INVALID (overflowed; can no longer be rolled back)";
    }
    if (snapshot.isThin()) {
      return name + ": thin snapshot in pool " + snapshot.name().vg() + "/" + snapshot.poolLv();
    }
    Double fill = snapshot.fillPercent();
    return name
        + ": "
        + (fill == null ? "?" : String.format(Locale.ROOT, "%.1f%%", fill))
        + " of "
        + Sizes.human(snapshot.sizeBytes())
        + " used";
  }
}
