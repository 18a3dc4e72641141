package safeup.core.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts each change in its group: what the update's packages own is expected; the rest of /etc is
 * configuration; what other packages own was changed by hand or by a script; what no package owns
 * is data. Changes in logs, caches and state are counted per directory instead.
 *
 * @param root pacman's root on the live system ({@code /}), to which packages' paths are relative
 * @param changed the names of the packages the update installed, changed or removed
 * @param owners the package that owns each changed path, live or in the snapshot
 */
record Grouping(
    String root, Set<String> changed, Map<String, String> owners, SummarisedAreas areas) {

  /** The entries, in the order given, and the summaries. */
  record Sorted(List<DiffEntry> entries, List<Summary> summaries) {}

  Sorted sort(List<FileChange> changes) {
    List<DiffEntry> entries = new ArrayList<>();
    Map<String, Summary> summaries = new LinkedHashMap<>();
    for (FileChange change : changes) {
      Optional<Summary> area = areas.of(change.path());
      if (area.isPresent()) {
        Summary empty = area.get();
        summaries.merge(empty.path(), empty.plus(change.kind()), (a, b) -> a.plus(change.kind()));
        continue;
      }
      entries.add(entry(change));
    }
    return new Sorted(entries, List.copyOf(summaries.values()));
  }

  private DiffEntry entry(FileChange change) {
    String path = change.path();
    Optional<String> owner = Optional.ofNullable(owners.get(relative(root, path)));
    Optional<String> note =
        path.endsWith(".pacnew")
            ? Optional.of("pacnew")
            : path.endsWith(".pacsave") ? Optional.of("pacsave") : Optional.empty();
    boolean updated = owner.map(changed::contains).orElse(false);
    ChangeGroup group;
    if (Scope.under(path, "/etc") && (note.isPresent() || !updated)) {
      group = ChangeGroup.CONFIGURATION;
    } else if (updated) {
      group = ChangeGroup.PACKAGES;
    } else {
      group = owner.isPresent() ? ChangeGroup.MODIFIED : ChangeGroup.DATA;
    }
    return new DiffEntry(change, group, owner, note);
  }

  /** {@code path} as pacman's files lists write it: relative to its root {@code root}. */
  static String relative(String root, String path) {
    String prefix = root.endsWith("/") ? root : root + "/";
    return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }
}
