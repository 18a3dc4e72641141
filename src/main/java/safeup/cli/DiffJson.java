package safeup.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import safeup.core.diff.DiffEntry;
import safeup.core.diff.DiffResult;
import safeup.core.diff.FileChange;
import safeup.core.diff.Summary;
import safeup.pacman.PackageChange;

/** {@code safeup diff --json}: one object; the fields are in safeup(8) and stay. */
final class DiffJson {
  private DiffJson() {}

  static String render(DiffResult result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("set", result.set().id());
    out.put("summary", result.summaryLine());
    List<Object> packages = new ArrayList<>();
    for (PackageChange change : result.packages()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", change.name());
      one.put("change", change.action());
      one.put("versions", change.versions());
      packages.add(one);
    }
    out.put("packages", packages);
    List<Object> files = new ArrayList<>();
    for (DiffEntry entry : result.entries()) {
      files.add(file(entry));
    }
    out.put("files", files);
    List<Object> counted = new ArrayList<>();
    for (Summary summary : result.summaries()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("path", summary.path());
      one.put("what", summary.what());
      one.put("added", summary.added());
      one.put("changed", summary.changed());
      one.put("removed", summary.removed());
      counted.add(one);
    }
    out.put("counted", counted);
    out.put("problems", result.problems());
    try {
      return JSON.std
          .with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
          .asString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> file(DiffEntry entry) {
    FileChange change = entry.change();
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("path", change.path());
    one.put("change", change.kind().key());
    one.put("aspects", change.aspects().stream().map(FileChange.Aspect::key).toList());
    one.put("directory", change.directory());
    one.put("group", entry.group().key());
    one.put("package", entry.owner().orElse(null));
    one.put("note", entry.note().orElse(null));
    return one;
  }
}
