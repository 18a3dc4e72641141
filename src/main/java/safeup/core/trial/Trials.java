package safeup.core.trial;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import safeup.core.SnapshotSet;
import safeup.core.trial.Trial.Verdict;
import safeup.lvm.LogicalVolume;

/** The trial boots of a pending set, oldest first, as its members' tags record them. */
public record Trials(List<Trial> all) {

  /** The trials recorded on {@code set}'s members. */
  public static Trials of(SnapshotSet set) {
    TreeMap<Integer, Trial> byNumber = new TreeMap<>();
    for (LogicalVolume member : set.snapshots()) {
      for (String tag : member.tags()) {
        Trial.parse(tag).ifPresent(t -> byNumber.merge(t.number(), t, Trials::later));
      }
    }
    return new Trials(List.copyOf(byNumber.values()));
  }

  /** Of two records of one trial, the one further on. */
  private static Trial later(Trial a, Trial b) {
    return a.verdict().compareTo(b.verdict()) >= 0 ? a : b;
  }

  public int failed() {
    return (int) all.stream().filter(t -> t.verdict() == Verdict.FAILED).count();
  }

  /** The trial counted at the start of a boot that has reached no verdict yet. */
  public Optional<Trial> unfinished() {
    return all.stream()
        .filter(t -> t.verdict() == Verdict.STARTED || t.verdict() == Verdict.CHECKING)
        .findFirst();
  }

  /** The last trial that failed. */
  public Optional<Trial> lastFailure() {
    return all.stream().filter(t -> t.verdict() == Verdict.FAILED).reduce((a, b) -> b);
  }

  /** The number the next trial gets. */
  int next() {
    return all.stream().map(Trial::number).max(Comparator.naturalOrder()).orElse(0) + 1;
  }

  /**
   * One line for {@code status}: "2 boots, both good", "1 of 2 failed: WHY", "2 boots, 1 good, this
   * one being tried"; empty when the set has had no trial.
   */
  public String summary() {
    int boots = all.size();
    if (boots == 0) {
      return "";
    }
    String being = unfinished().isPresent() ? ", this one being tried" : "";
    long interrupted = all.stream().filter(t -> t.verdict() == Verdict.INTERRUPTED).count();
    String shut = interrupted == 0 ? "" : ", " + interrupted + " shut down during its checks";
    Optional<Trial> last = lastFailure();
    if (last.isPresent()) {
      return failed() + " of " + boots + " failed" + shut + being + "; last: " + last.get().note();
    }
    String count = boots == 1 ? "1 boot" : boots + " boots";
    long good = all.stream().filter(t -> t.verdict() == Verdict.GOOD).count();
    if (good == boots) {
      return count + ", " + (boots == 1 ? "good" : boots == 2 ? "both good" : "all good");
    }
    return count + ", " + good + " good" + shut + being;
  }
}
