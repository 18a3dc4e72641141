package safeup.core.trial;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One boot of a system whose update is pending, as an LVM tag on the set's first member ({@code
 * safeup-trial.N:started}, {@code :good}, {@code :failed.NOTE}), which survives the boot it
 * describes, whatever ends it.
 *
 * @param number 1 for the first boot after the set was taken
 * @param note why it failed, or the wanted checks that failed in a good one; empty when none
 */
public record Trial(int number, Verdict verdict, String note) {
  static final String PREFIX = "safeup-trial.";

  /** A tag of at most 128 characters (lvm2 takes 1024; older ones 128): the note is cut to fit. */
  private static final int NOTE_BYTES = 78;

  /** Where a trial stands. */
  public enum Verdict {
    /** Counted at the start of its boot; no verdict yet. */
    STARTED,
    /** The boot reached boot-complete.target; its health checks are running. */
    CHECKING,
    /** Shut down while its checks ran: no verdict, and not counted as failed. */
    INTERRUPTED,
    /** The boot completed and every required check passed. */
    GOOD,
    /** The boot did not complete, or a required check failed. */
    FAILED
  }

  /** The tag that records this trial. */
  String tag() {
    String state = verdict.name().toLowerCase();
    if (note.isEmpty()) {
      return PREFIX + number + ":" + state;
    }
    return PREFIX + number + ":" + state + "." + encode(note);
  }

  /** The trial a tag records; empty for a tag that is not one. */
  static Optional<Trial> parse(String tag) {
    if (!tag.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int colon = tag.indexOf(':');
    try {
      int number = Integer.parseInt(tag.substring(PREFIX.length(), colon));
      String rest = tag.substring(colon + 1);
      int dot = rest.indexOf('.');
      Verdict verdict = Verdict.valueOf((dot < 0 ? rest : rest.substring(0, dot)).toUpperCase());
      String note =
          dot < 0
              ? ""
              : new String(
                  Base64.getDecoder().decode(rest.substring(dot + 1)), StandardCharsets.UTF_8);
      return Optional.of(new Trial(number, verdict, note));
    } catch (RuntimeException e) {
      return Optional.empty(); // not one of ours
    }
  }

  private static String encode(String note) {
    byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
    String text = note;
    while (bytes.length > NOTE_BYTES) {
      text = text.substring(0, text.length() - 4);
      bytes = (text + "...").getBytes(StandardCharsets.UTF_8);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }
}
