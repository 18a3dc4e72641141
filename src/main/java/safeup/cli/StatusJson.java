package safeup.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import safeup.core.BootPutBackRecord;
import safeup.core.SnapshotSet;
import safeup.core.decision.StatusService;
import safeup.core.decision.StatusService.SetStatus;
import safeup.core.trial.Trial;
import safeup.core.trial.Trials;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PackageChange;

/**
 * {@code safeup status --json}: a JSON array, one object per set, each with every field safeup(8)
 * lists, null ones included, so that a script finds each key whatever the set's state.
 */
final class StatusJson {
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private StatusJson() {}

  static String render(StatusService.Report report) {
    List<Object> out = new ArrayList<>();
    for (BootPutBackRecord unfinished : report.unfinished()) {
      out.add(unfinished(unfinished));
    }
    for (SetStatus status : report.sets()) {
      out.add(set(status));
    }
    try {
      return JSON.std
          .with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
          .asString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The set's trial boots: how many, how many failed, and each one's verdict. */
  private static Map<String, Object> trials(Trials trials) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("boots", trials.all().size());
    object.put("failed", trials.failed());
    List<Object> each = new ArrayList<>();
    for (Trial trial : trials.all()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("boot", trial.number());
      one.put("verdict", trial.verdict().name().toLowerCase());
      one.put("note", trial.note().isEmpty() ? null : trial.note());
      each.add(one);
    }
    object.put("each", each);
    return object;
  }

  private static Map<String, Object> set(SetStatus status) {
    SnapshotSet set = status.set();
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("id", set.id());
    object.put("created", status.created().map(CREATED::format).orElse(null));
    object.put("command", set.command().isEmpty() ? null : set.command());
    object.put("state", set.state().key());
    object.put("reason", set.reason());
    List<Object> volumes = new ArrayList<>();
    for (LogicalVolume snapshot : set.snapshots()) {
      Map<String, Object> volume = new LinkedHashMap<>();
      volume.put("origin", SnapshotSet.originOf(snapshot).toString());
      volume.put("snapshot", snapshot.name().toString());
      volume.put("type", snapshot.isThin() ? "thin" : "thick");
      volume.put("size_bytes", snapshot.isThin() ? null : snapshot.sizeBytes());
      volume.put("fill_percent", snapshot.isThin() ? null : snapshot.fillPercent());
      volume.put("invalid", snapshot.invalid());
      volume.put("merge_scheduled", snapshot.mergePending());
      volume.put("in_use", snapshot.open());
      volumes.add(volume);
    }
    object.put("volumes", volumes);
    object.put("expected_volumes", set.expectedMembers());
    object.put("boot_copy", set.bootSave().map(Object::toString).orElse(null));
    object.put("boot_put_back_pending", set.bootPutBackPending());
    object.put("trials", trials(Trials.of(set)));
    object.put(
        "packages",
        status
            .changes()
            .map(changes -> changes.stream().map(StatusJson::change).toList())
            .orElse(null));
    return object;
  }

  /** A rollback whose merge completed before /boot was put back: its set has no volume left. */
  private static Map<String, Object> unfinished(BootPutBackRecord record) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("id", record.setId());
    object.put("created", null);
    object.put("command", null);
    object.put("state", SnapshotSet.State.ROLLBACK_INTERRUPTED.key());
    object.put("reason", null);
    object.put("volumes", List.of());
    object.put("expected_volumes", 0);
    object.put("boot_copy", record.save().toString());
    object.put("boot_put_back_pending", true);
    object.put("trials", trials(new Trials(List.of())));
    object.put("packages", null);
    return object;
  }

  private static Map<String, Object> change(PackageChange change) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("action", change.action());
    object.put("name", change.name());
    object.put("versions", change.versions());
    return object;
  }
}
