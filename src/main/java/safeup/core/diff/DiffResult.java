package safeup.core.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import safeup.core.SnapshotSet;
import safeup.pacman.PackageChange;

/**
 * What differs between a set and the live system: what a rollback of it would undo.
 *
 * @param packages the packages the update installed, changed or removed, from pacman's database in
 *     the snapshot against the live one
 * @param entries every change listed, in path order per volume
 * @param summaries the changes in logs, caches and state, counted
 * @param problems what could not be compared, and why
 */
public record DiffResult(
    SnapshotSet set,
    List<PackageChange> packages,
    List<DiffEntry> entries,
    List<Summary> summaries,
    List<String> problems) {

  public List<DiffEntry> in(ChangeGroup group) {
    return entries.stream().filter(e -> e.group() == group).toList();
  }

  /**
   * What a rollback undoes, in one line: {@code 2 packages, 3 files in /etc, 41 files under
   * /home/ann, logs}.
   */
  public String summaryLine() {
    List<String> parts = new ArrayList<>();
    if (!packages.isEmpty()) {
      parts.add(count(packages.size(), "package"));
    }
    List<DiffEntry> config = files(ChangeGroup.CONFIGURATION);
    if (!config.isEmpty()) {
      long pacnew = config.stream().filter(e -> e.note().isPresent()).count();
      parts.add(
          count(config.size(), "file")
              + " in /etc"
              + (pacnew == 0 ? "" : " (" + pacnew + " .pacnew or .pacsave)"));
    }
    List<DiffEntry> modified = files(ChangeGroup.MODIFIED);
    if (!modified.isEmpty()) {
      parts.add(count(modified.size(), "file") + " of other packages changed by hand");
    }
    Map<String, Integer> data = new LinkedHashMap<>();
    for (DiffEntry entry : files(ChangeGroup.DATA)) {
      data.merge(top(entry.change().path()), 1, Integer::sum);
    }
    data.forEach((dir, n) -> parts.add(count(n, "file") + " under " + dir));
    summaries.stream()
        .map(Summary::what)
        .filter(what -> !SummarisedAreas.THE_UPDATES.contains(what))
        .distinct()
        .forEach(parts::add);
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  /** The entries of {@code group} that stand for files: not a directory added or removed whole. */
  private List<DiffEntry> files(ChangeGroup group) {
    return in(group).stream()
        .filter(e -> !e.change().directory() || e.change().kind() == FileChange.Kind.CHANGED)
        .toList();
  }

  /** The directory a user calls a path's place: {@code /home/ann}, {@code /root}, {@code /srv}. */
  private static String top(String path) {
    String[] parts = path.split("/");
    if (parts.length <= 2) {
      return "/";
    }
    if (parts[1].equals("home") && parts.length > 3) {
      return "/home/" + parts[2];
    }
    return "/" + parts[1];
  }

  private static String count(long n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }
}
