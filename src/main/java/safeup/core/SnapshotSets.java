package safeup.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import safeup.lvm.LogicalVolume;

/** Groups safeup's snapshots into sets. Only snapshots carrying safeup's tags are considered. */
public final class SnapshotSets {
  private SnapshotSets() {}

  /**
   * This system's sets among {@code volumes}, oldest first. Sets made by another system (another
   * machine-id), or by none that can be told (no host tag, or {@code hostId} empty), are left out:
   * they are not this system's to decide.
   */
  public static List<SnapshotSet> of(List<LogicalVolume> volumes, String hostId) {
    Map<String, List<LogicalVolume>> byId = new LinkedHashMap<>();
    for (LogicalVolume lv : volumes) {
      String id = lv.tagValue(SafeupTags.SET);
      String madeBy = lv.tagValue(SafeupTags.HOST);
      boolean ours = !hostId.isEmpty() && madeBy.equals(hostId); // no host tag: not provably ours
      if (lv.hasTag(SafeupTags.MARKER) && lv.isSnapshot() && !id.isEmpty() && ours) {
        byId.computeIfAbsent(id, key -> new ArrayList<>()).add(lv);
      }
    }
    List<SnapshotSet> sets = new ArrayList<>();
    byId.forEach(
        (id, members) -> {
          LogicalVolume first = members.get(0);
          int expected = parseOr(first.tagValue(SafeupTags.MEMBERS), members.size());
          String command = SafeupTags.decode(SafeupTags.COMMAND, first.tags()).orElse("");
          List<LogicalVolume> pools =
              volumes.stream().filter(v -> members.stream().anyMatch(v::holds)).toList();
          sets.add(
              new SnapshotSet(id, List.copyOf(members), expected, command, first.time(), pools));
        });
    sets.sort((a, b) -> a.id().compareTo(b.id()));
    return sets;
  }

  private static int parseOr(String text, int fallback) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The last guard before an LV is removed or merged: safeup acts only on its own snapshots. */
  public static void requireOurs(LogicalVolume lv) {
    if (!lv.hasTag(SafeupTags.MARKER) || !lv.isSnapshot()) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED,
          lv.name() + " is not a snapshot made by safeup; safeup leaves it alone");
    }
  }

  /**
   * The set a command is about: the one named, or the only one there is.
   *
   * @param verb the command ("keep", "mount"...), for the messages
   * @param usage its arguments after its name, for the hint when there are several sets
   */
  public static SnapshotSet select(
      List<SnapshotSet> sets, Optional<String> id, String verb, String usage) {
    if (id.isPresent()) {
      return sets.stream()
          .filter(s -> s.id().equals(id.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new SafeupException(
                      ExitCode.NO_SET,
                      "there is no snapshot set '" + id.get() + "' ('safeup status' lists them)"));
    }
    if (sets.isEmpty()) {
      throw new SafeupException(ExitCode.NO_SET, "there is no pending snapshot set to " + verb);
    }
    if (sets.size() > 1) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "there are "
              + sets.size()
              + " snapshot sets ("
              + sets.stream().map(SnapshotSet::id).collect(Collectors.joining(", "))
              + "); name one: safeup "
              + verb
              + " "
              + usage);
    }
    return sets.get(0);
  }
}
