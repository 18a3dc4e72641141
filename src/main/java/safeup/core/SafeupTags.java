package safeup.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The LVM tags by which safeup finds again what it created. LVM is the record: the root filesystem
 * is rewound by a rollback, and tags survive a crash between any two steps.
 *
 * <p>Free text (the pacman command, the log's path) is stored base64-encoded, whose characters are
 * all allowed in tags, split over numbered tags of at most {@value #CHUNK} characters.
 */
public final class SafeupTags {
  /** Every LV safeup creates carries this tag; nothing without it is ever touched. */
  public static final String MARKER = "safeup";

  public static final String SET = "safeup-set:";

  /** Added to every member of a set before its rollback merges the first one. */
  public static final String ROLLBACK = "safeup-rollback";

  public static final String MEMBERS = "safeup-members:";

  /** Why the set was made, when not for an update: {@code boot} for a set taken at boot. */
  public static final String REASON = "safeup-reason:";

  /** The machine-id of the system that made the set. */
  public static final String HOST = "safeup-host:";

  public static final String COMMAND = "safeup-cmd.";
  public static final String LOG = "safeup-log.";

  /** Where the set's copy of /boot is ({@link BootSave}), when one was taken. */
  public static final String BOOT = "safeup-boot.";

  private static final int CHUNK = 96;
  private static final int MAX_CHUNKS = 8;
  private static final int MAX_TEXT_BYTES = CHUNK * MAX_CHUNKS / 4 * 3;

  private SafeupTags() {}

  /** The tags for one snapshot of a set. */
  public static List<String> forSnapshot(
      String setId,
      String hostId,
      int members,
      String command,
      Optional<String> logFile,
      Optional<String> bootSave) {
    List<String> tags = new ArrayList<>(List.of(MARKER, SET + setId, MEMBERS + members));
    if (!hostId.isEmpty()) {
      tags.add(HOST + hostId);
    }
    tags.addAll(encode(COMMAND, command));
    logFile.ifPresent(path -> tags.addAll(encode(LOG, path)));
    bootSave.ifPresent(path -> tags.addAll(encode(BOOT, path)));
    return tags;
  }

  static List<String> encode(String prefix, String text) {
    while (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
      text = text.substring(0, text.length() - 8) + "...";
    }
    String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < encoded.length() && tags.size() < MAX_CHUNKS; i += CHUNK) {
      tags.add(
          prefix + tags.size() + ":" + encoded.substring(i, Math.min(encoded.length(), i + CHUNK)));
    }
    return tags;
  }

  /** Reassembles text stored with {@link #encode}; empty when absent or cut short. */
  public static Optional<String> decode(String prefix, List<String> tags) {
    TreeMap<Integer, String> chunks = new TreeMap<>();
    for (String tag : tags) {
      if (!tag.startsWith(prefix)) {
        continue;
      }
      int colon = tag.indexOf(':', prefix.length());
      try {
        chunks.put(
            Integer.parseInt(tag.substring(prefix.length(), colon)), tag.substring(colon + 1));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    if (chunks.isEmpty() || chunks.lastKey() != chunks.size() - 1) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(String.join("", chunks.values()));
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // truncated at MAX_CHUNKS, or not ours
    }
  }
}
