package safeup.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PacmanPaths;
import safeup.system.Mount;

/**
 * pacman's root, its {@code /usr} and its database are on LVM logical volumes, found as an update
 * finds them: the mount holding each path, and the LV with that device number.
 */
final class RootOnLvmCheck implements Check {
  static final String NAME = "root on LVM";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    PacmanPaths paths = context.paths();
    Map<String, Path> needed = new LinkedHashMap<>();
    needed.put("/", paths.root());
    needed.put("/usr", paths.root().resolve("usr"));
    needed.put("pacman's database " + paths.dbPath(), paths.dbPath());
    // What each device holds, in order: an LV's name, or the source of a mount that is not one.
    Map<String, List<String>> onLvm = new LinkedHashMap<>();
    Map<String, List<String>> elsewhere = new LinkedHashMap<>();
    List<Finding> unmounted = new ArrayList<>();
    for (Map.Entry<String, Path> entry : needed.entrySet()) {
      Path path = entry.getValue();
      Optional<Mount> mount = context.machine().mounts().get().holdingNearest(path);
      if (mount.isEmpty()) {
        unmounted.add(Finding.fail(name(), "no mounted filesystem holds " + path, ""));
        continue;
      }
      Optional<LogicalVolume> lv =
          context.isRoot()
              ? LogicalVolume.mountedAs(mount.get(), context.volumes())
              : Optional.empty();
      (lv.isPresent() ? onLvm : elsewhere)
          .computeIfAbsent(
              lv.map(v -> v.name().toString()).orElse(mount.get().source()), k -> new ArrayList<>())
          .add(entry.getKey());
    }
    List<Finding> findings = new ArrayList<>();
    onLvm.forEach(
        (volume, what) ->
            findings.add(Finding.pass(name(), are(what) + " on LVM volume " + volume)));
    elsewhere.forEach(
        (source, what) -> {
          if (!context.isRoot()) {
            findings.add(
                Finding.warn(
                    name(),
                    are(what)
                        + " on "
                        + source
                        + "; whether that is an LVM logical volume was not checked: asking LVM"
                        + " needs root",
                    "run: sudo safeup doctor"));
          } else {
            findings.add(
                Finding.fail(
                    name(),
                    are(what)
                        + " on "
                        + source
                        + ", which is not an LVM logical volume: pacman's files and its database"
                        + " could not be rolled back together",
                    "none short of moving them to LVM: safeup protects only a system whose root,"
                        + " /usr and /var/lib/pacman are on LVM"));
          }
        });
    findings.addAll(unmounted);
    return findings;
  }

  private static String are(List<String> what) {
    if (what.size() == 1) {
      return what.get(0) + " is";
    }
    return String.join(", ", what.subList(0, what.size() - 1))
        + " and "
        + what.get(what.size() - 1)
        + " are";
  }
}
