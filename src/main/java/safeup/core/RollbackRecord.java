package safeup.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rollback leaves in the volume group's metadata for the journal: the set, when its merge
 * was scheduled, which volumes go back and which stay as the update left them, and the pacman
 * command. A merge rewinds the root filesystem, and the journal on it, to the moment the set was
 * made, so entries written after that are lost; the volume group's tags are not rewound. Once the
 * set's snapshots are gone, the merge is complete, and the entry is written from this record (see
 * {@link FinishedRollbacks}). Tags go on the volume group, never on the origins: safeup changes no
 * volume it did not create.
 *
 * @param scheduled when the merge was scheduled, ISO-8601 UTC
 * @param host the machine-id of the system that scheduled it
 * @param volumes the origins that merge back
 * @param unmerged origins whose overflowed snapshot was removed: they stay as the update left them
 * @param reason why it was rolled back ("safeup rollback", "after 2 failed trial boots; ...");
 *     empty in a record written before reasons were kept
 */
public record RollbackRecord(
    String setId,
    String scheduled,
    String host,
    List<String> volumes,
    List<String> unmerged,
    String reason,
    String command) {

  /** Every tag of a record starts so, followed by the set's id, a dot and the chunk's number. */
  static final String PREFIX = "safeup-rolled-back.";

  /** The volume group tags that hold this record. */
  public List<String> tags() {
    String text =
        String.join(
            "\n",
            "scheduled=" + scheduled,
            "host=" + host,
            "volumes=" + String.join(" ", volumes),
            "unmerged=" + String.join(" ", unmerged),
            "reason=" + reason,
            "command=" + command); // last: a long command is what gets cut short
    return SafeupTags.encode(prefix(setId), text);
  }

  /** The ids of the sets with a record among {@code tags}. */
  public static List<String> idsIn(List<String> tags) {
    List<String> ids = new ArrayList<>();
    for (String tag : tags) {
      int dot = tag.indexOf('.', PREFIX.length());
      if (tag.startsWith(PREFIX) && dot > PREFIX.length()) {
        String id = tag.substring(PREFIX.length(), dot);
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** The tags among {@code tags} that hold the record of set {@code setId}. */
  public static List<String> tagsOf(String setId, List<String> tags) {
    return tags.stream().filter(t -> t.startsWith(prefix(setId))).toList();
  }

  /** The record of set {@code setId} among {@code tags}; empty when absent or unreadable. */
  public static Optional<RollbackRecord> read(String setId, List<String> tags) {
    Optional<String> text = SafeupTags.decode(prefix(setId), tags);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.get().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return Optional.of(
        new RollbackRecord(
            setId,
            fields.getOrDefault("scheduled", ""),
            fields.getOrDefault("host", ""),
            words(fields.getOrDefault("volumes", "")),
            words(fields.getOrDefault("unmerged", "")),
            fields.getOrDefault("reason", ""),
            fields.getOrDefault("command", "")));
  }

  private static String prefix(String setId) {
    return PREFIX + setId + ".";
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : List.of(text.strip().split(" +"));
  }
}
