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

  /** Of two records of one trial, the one with a verdict. */
  private static Trial later(Trial a, Trial b) {
    return a.verdict() == Verdict.STARTED ? b : a;
  }

  public int failed() {
    return (int) all.stream().filter(t -> t.verdict() == Verdict.FAILED).count();
  }

  /** The trial counted at the start of a boot that has reached no verdict yet. */
  public Optional<Trial> unfinished() {
    return all.stream().filter(t -> t.verdict() == Verdict.STARTED).findFirst();
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
    int failed = failed();
    String being = unfinished().isPresent() ? ", this one being tried" : "";
    Optional<Trial> lastFailure =
        all.stream().filter(t -> t.verdict() == Verdict.FAILED).reduce((a, b) -> b);
    if (boots == 0) {
      return "";
    }
    if (lastFailure.isPresent()) {
      return failed + " of " + boots + " failed" + being + "; last: " + lastFailure.get().note();
    }
    String count = boots == 1 ? "1 boot" : boots + " boots";
    int good = boots - (being.isEmpty() ? 0 : 1);
    if (!being.isEmpty()) {
      return count + ", " + good + " good" + being;
    }
    return count + ", " + (boots == 1 ? "good" : boots == 2 ? "both good" : "all good");
  }
}
