package safeup.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import safeup.core.SnapshotFill;
import safeup.lvm.LogicalVolume;

/**
 * The thin pools holding volumes of the set have headroom: a thin snapshot keeps old blocks in the
 * pool, and a full pool stops writes to the origin itself. Past {@link SnapshotFill#POOL_LIMIT} an
 * update is refused.
 */
final class ThinPoolCheck implements Check {
  @Override
  public String name() {
    return "thin pool";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    List<LogicalVolume> volumes = context.volumes();
    Set<LogicalVolume> pools = new LinkedHashSet<>();
    for (LogicalVolume member : context.members()) {
      volumes.stream().filter(v -> v.holds(member)).forEach(pools::add);
    }
    if (pools.isEmpty()) {
      return List.of(Finding.pass(name(), "no volume of the set is thin"));
    }
    List<Finding> findings = new ArrayList<>();
    for (LogicalVolume pool : pools) {
      String fill =
          "data "
              + percent(pool.dataPercent())
              + ", metadata "
              + percent(pool.metadataPercent())
              + " used";
      if (SnapshotFill.poolNearlyFull(pool)) {
        findings.add(
            Finding.warn(
                name(),
                pool.name()
                    + ": "
                    + fill
                    + "; safeup refuses to update at "
                    + Math.round(SnapshotFill.POOL_LIMIT)
                    + "%, as a full pool stops writes to its volumes",
                "extend the pool: lvextend -L +1G "
                    + pool.name()
                    + " (data) or lvextend --poolmetadatasize +64M "
                    + pool.name()
                    + " (metadata)"));
      } else {
        findings.add(Finding.pass(name(), pool.name() + ": " + fill));
      }
    }
    return findings;
  }

  private static String percent(Double value) {
    return value == null ? "?" : String.format(Locale.ROOT, "%.1f%%", value);
  }
}
