package safeup.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import safeup.console.Console;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;
import safeup.process.FedProcess;
import safeup.process.ProcessGateway;
import safeup.process.ProgramNotFoundException;
import safeup.system.Host;

/**
 * safeup's entries in the systemd journal: each snapshot set made, kept, removed or rolled back,
 * with its id, volumes and pacman command, so that {@code journalctl -t safeup} tells what happened
 * to the machine, and {@code journalctl SAFEUP_SET=ID} what happened to one set.
 *
 * <p>Entries are written by {@code logger --journald}, which reads the entry's fields on its
 * standard input. The journal is a witness, never a condition: when {@code logger} or the journal
 * is missing, or writing fails, safeup warns once and carries on.
 */
public final class AuditTrail {
  /** journald's socket for native entries; without it, logger drops entries without an error. */
  static final Path JOURNAL_SOCKET = Path.of("/run/systemd/journal/socket");

  static final String IDENTIFIER = "safeup";
  private static final int WARNING = 4;
  private static final int NOTICE = 5;

  private final ProcessGateway processes;
  private final Host host;
  private final Console console;
  private boolean warned;

  /**
   * @param processes where {@code logger} runs: in a dry run, the gateway that prints it
   * @param host where the journal's socket is looked for
   */
  public AuditTrail(ProcessGateway processes, Host host, Console console) {
    this.processes = processes;
    this.host = host;
    this.console = console;
  }

  /** A set was made, before pacman ({@code reason} "update") or at boot ("boot"). */
  public void made(String setId, List<VolumeName> origins, String command, String reason) {
    String volumes = names(origins);
    String before = command.isEmpty() ? "taken at boot" : "before: " + command;
    send(
        "made",
        setId,
        NOTICE,
        "snapshot set " + setId + " made of " + volumes.replace(" ", ", ") + ", " + before,
        volumes,
        command,
        Map.of("SAFEUP_REASON", reason));
  }

  /** The update was kept: the set's snapshots were removed. */
  public void kept(SnapshotSet set) {
    send(
        "kept",
        set.id(),
        NOTICE,
        "snapshot set " + set.id() + " removed, the update kept" + what(set),
        names(origins(set)),
        set.command(),
        Map.of());
  }

  /** The set was removed without a decision: {@code why} says for what reason. */
  public void removed(SnapshotSet set, String why) {
    send(
        "removed",
        set.id(),
        NOTICE,
        "snapshot set " + set.id() + " removed: " + why + what(set),
        names(origins(set)),
        set.command(),
        Map.of());
  }

  /** A member that overflowed during its set's rollback was removed; its origin stays. */
  public void memberRemoved(SnapshotSet set, LogicalVolume snapshot) {
    VolumeName origin = SnapshotSet.originOf(snapshot);
    send(
        "member-removed",
        set.id(),
        WARNING,
        "snapshot "
            + snapshot.name()
            + " of set "
            + set.id()
            + " overflowed and was removed during the rollback: "
            + origin
            + " stays as the update left it",
        origin.toString(),
        set.command(),
        Map.of());
  }

  /** The set's merges are scheduled; they complete at the next activation (a reboot). */
  public void rollbackScheduled(
      SnapshotSet set, List<VolumeName> merging, java.util.Optional<String> undoes) {
    send(
        "rollback-scheduled",
        set.id(),
        NOTICE,
        "snapshot set "
            + set.id()
            + " rollback scheduled: "
            + names(merging).replace(" ", ", ")
            + " merge back at the next boot"
            + what(set)
            + undoes.map(u -> "; it undoes: " + u).orElse(""),
        names(merging),
        set.command(),
        Map.of());
  }

  /**
   * The rollback in {@code record} is complete: none of the set's snapshots is left.
   *
   * @return true when the entry was written
   */
  public boolean rolledBack(RollbackRecord record) {
    StringBuilder message =
        new StringBuilder("snapshot set ").append(record.setId()).append(" rolled back: ");
    if (record.volumes().isEmpty()) {
      message.append("no volume merged back");
    } else {
      message
          .append(String.join(", ", record.volumes()))
          .append(record.volumes().size() == 1 ? " is" : " are")
          .append(
              record.command().isEmpty()
                  ? " as at the boot that took the set"
                  : " as before " + record.command());
    }
    message.append(" (merge scheduled ").append(record.scheduled()).append(", now complete)");
    if (!record.unmerged().isEmpty()) {
      message
          .append("; ")
          .append(String.join(", ", record.unmerged()))
          .append(" stayed as the update left it (its snapshot overflowed)");
    }
    if (!record.reason().isEmpty()) {
      message.append("; why: ").append(record.reason());
    }
    return send(
        "rolled-back",
        record.setId(),
        NOTICE,
        message.toString(),
        String.join(" ", record.volumes()),
        record.command(),
        Map.of("SAFEUP_SCHEDULED", record.scheduled()));
  }

  private boolean send(
      String event,
      String setId,
      int priority,
      String message,
      String volumes,
      String command,
      Map<String, String> more) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("MESSAGE", message);
    fields.put("PRIORITY", String.valueOf(priority));
    fields.put("SYSLOG_IDENTIFIER", IDENTIFIER);
    fields.put("SAFEUP_EVENT", event);
    fields.put("SAFEUP_SET", setId);
    fields.put("SAFEUP_VOLUMES", volumes);
    if (!command.isEmpty()) {
      fields.put("SAFEUP_COMMAND", command);
    }
    fields.putAll(more);
    if (!Files.exists(host.onDisk(JOURNAL_SOCKET))) {
      return failed("the journal is not running (" + JOURNAL_SOCKET + " is missing)");
    }
    return log(fields);
  }

  /** Hands the entry's fields to {@code logger --journald}; false when that failed. */
  private boolean log(Map<String, String> fields) {
    List<String> errors = new ArrayList<>();
    try (FedProcess logger =
        processes.fed(List.of(List.of("logger", "--journald")), line -> {}, errors::add)) {
      OutputStream input = logger.input();
      for (Map.Entry<String, String> field : fields.entrySet()) {
        // One field a line: a value cannot hold a line break.
        String line = field.getKey() + "=" + field.getValue().replaceAll("[\r\n]+", " ") + "\n";
        input.write(line.getBytes(StandardCharsets.UTF_8));
      }
      int code = logger.finish();
      if (code != 0) {
        return failed(
            "'logger --journald' exited with "
                + code
                + (errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1)));
      }
      return true;
    } catch (ProgramNotFoundException e) {
      return failed("'logger' was not found on PATH (it is in util-linux)");
    } catch (IOException | UncheckedIOException e) {
      return failed("writing to 'logger --journald' failed: " + e.getMessage());
    }
  }

  /** Warns once a run; the update goes on. */
  private boolean failed(String why) {
    if (!warned) {
      warned = true;
      console.warning(
          why
              + "; safeup's entries for this run are missing from the journal ('journalctl -t"
              + " safeup'), the rest goes on");
    }
    return false;
  }

  private static String what(SnapshotSet set) {
    String volumes = String.join(", ", origins(set).stream().map(VolumeName::toString).toList());
    return " ("
        + volumes
        + (set.command().isEmpty() ? ", taken at boot)" : "; " + set.command() + ")");
  }

  private static List<VolumeName> origins(SnapshotSet set) {
    return set.snapshots().stream().map(SnapshotSet::originOf).distinct().toList();
  }

  private static String names(List<VolumeName> volumes) {
    return String.join(" ", volumes.stream().map(VolumeName::toString).toList());
  }
}
