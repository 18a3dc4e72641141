package safeup.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.lvm.LogicalVolume;

/**
 * The record that a rollback still has /boot to put back: tags on the volume group, written before
 * the first merge and removed once /boot is back on the disk. Between the two, the new kernel would
 * boot over the old system's modules, so {@code status}, {@code doctor}, the pacman guard and the
 * boot-time snapshot name the command that finishes it. It survives a power cut, and the merge that
 * then removes the set's snapshots: the copy of /boot it points at was taken before them, so it is
 * on the merged root too.
 *
 * @param setId the set rolled back
 * @param vg the volume group holding the tags
 * @param host the machine-id of the system rolling back (a volume group may hold two systems)
 * @param save where the copy of /boot is, as the running system names it
 */
public record BootPutBackRecord(String setId, String vg, String host, Path save) {
  static final String PREFIX = "safeup-boot-pending.";

  /** The tags that hold this record. */
  public List<String> tags() {
    return SafeupTags.encode(prefix(setId), host + "\n" + save);
  }

  /** The one command that finishes the rollback. */
  public String finishingCommand() {
    return "safeup rollback " + setId;
  }

  /** Every record in the volume groups of {@code volumes}. */
  public static List<BootPutBackRecord> in(List<LogicalVolume> volumes) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (LogicalVolume lv : volumes) {
      groups.putIfAbsent(lv.name().vg(), lv.vgTags());
    }
    List<BootPutBackRecord> records = new ArrayList<>();
    groups.forEach(
        (vg, tags) -> {
          for (String tag : tags) {
            int dot = tag.indexOf('.', PREFIX.length());
            if (!tag.startsWith(PREFIX) || dot < 0) {
              continue;
            }
            String id = tag.substring(PREFIX.length(), dot);
            if (records.stream().noneMatch(r -> r.setId().equals(id) && r.vg().equals(vg))) {
              SafeupTags.decode(prefix(id), tags)
                  .filter(text -> text.contains("\n"))
                  .ifPresent(
                      text -> {
                        int newline = text.indexOf('\n');
                        records.add(
                            new BootPutBackRecord(
                                id,
                                vg,
                                text.substring(0, newline),
                                Path.of(text.substring(newline + 1))));
                      });
            }
          }
        });
    return records;
  }

  /** The record of set {@code setId} among {@code volumes}' volume groups. */
  public static Optional<BootPutBackRecord> of(String setId, List<LogicalVolume> volumes) {
    return in(volumes).stream().filter(r -> r.setId().equals(setId)).findFirst();
  }

  /**
   * The records among {@code volumes}' groups of this system whose set is not among {@code sets}.
   */
  public static List<BootPutBackRecord> withoutSet(
      List<LogicalVolume> volumes, List<SnapshotSet> sets, String host) {
    return in(volumes).stream()
        .filter(r -> r.host().equals(host))
        .filter(r -> sets.stream().noneMatch(set -> set.id().equals(r.setId())))
        .toList();
  }

  /**
   * Refuses, naming the command that finishes it, while a rollback of this system merged before
   * /boot was put back: the kernel may not match the modules on the root.
   *
   * @param what what is refused, with what was not done: "pacman did not run"
   */
  public static void requireNoneUnfinished(
      List<LogicalVolume> volumes, List<SnapshotSet> sets, String host, String what) {
    for (BootPutBackRecord unfinished : withoutSet(volumes, sets, host)) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "the rollback to snapshot set "
              + unfinished.setId()
              + " merged, but /boot was not put back, so the kernel may not match the modules on"
              + " the root; "
              + what
              + ". First: "
              + unfinished.finishingCommand());
    }
  }

  /** The tags of this record as {@code tags} (a volume group's) hold them, to remove them. */
  public List<String> tagsIn(List<String> tags) {
    return tags.stream().filter(t -> t.startsWith(prefix(setId))).toList();
  }

  private static String prefix(String setId) {
    return PREFIX + setId + ".";
  }
}
