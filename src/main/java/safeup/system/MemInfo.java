package safeup.system;

import java.util.List;

/** Reads {@code /proc/meminfo}. */
final class MemInfo {
  private MemInfo() {}

  /** {@code Dirty} plus {@code Writeback}, in bytes; fields missing or unreadable count as 0. */
  static long unwrittenBytes(List<String> lines) {
    long kib = 0;
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && (words[0].equals("Dirty:") || words[0].equals("Writeback:"))) {
        try {
          kib += Long.parseLong(words[1]);
        } catch (NumberFormatException e) {
          // not a number: counts as nothing, the sync after it still tells the truth
        }
      }
    }
    return kib * 1024;
  }
}
