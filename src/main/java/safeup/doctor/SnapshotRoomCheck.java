package safeup.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import safeup.console.Sizes;
import safeup.core.set.PlannedSnapshot;

/**
 * Each volume group has room for the thick snapshots an update would take now, sized as the update
 * sizes them; any other reason the update would refuse to snapshot shows here too.
 */
final class SnapshotRoomCheck implements Check {
  @Override
  public String name() {
    return "snapshot room";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    Map<String, List<PlannedSnapshot>> thickByVg = new LinkedHashMap<>();
    List<String> thin = new ArrayList<>();
    for (PlannedSnapshot p : context.plan()) {
      if (p.size() == null) {
        thin.add(p.origin().name().toString());
      } else {
        thickByVg.computeIfAbsent(p.origin().name().vg(), vg -> new ArrayList<>()).add(p);
      }
    }
    List<Finding> findings = new ArrayList<>();
    thickByVg.forEach(
        (vg, planned) -> {
          long needed = planned.stream().mapToLong(PlannedSnapshot::bytes).sum();
          String origins =
              planned.stream()
                  .map(p -> p.origin().name().toString())
                  .collect(Collectors.joining(", "));
          findings.add(
              Finding.pass(
                  name(),
                  "volume group "
                      + vg
                      + " has "
                      + Sizes.human(planned.get(0).origin().vgFreeBytes())
                      + " free; the snapshot"
                      + (planned.size() == 1 ? " of " : "s of ")
                      + origins
                      + " need"
                      + (planned.size() == 1 ? "s " : " ")
                      + Sizes.human(needed)
                      + " (SnapshotSize = "
                      + planned.get(0).size()
                      + ")"));
        });
    if (!thin.isEmpty()) {
      findings.add(
          Finding.pass(
              name(),
              String.join(", ", thin)
                  + (thin.size() == 1 ? " is" : " are")
                  + " thin: its snapshot takes room in the thin pool, not the volume group"));
    }
    return findings;
  }
}
