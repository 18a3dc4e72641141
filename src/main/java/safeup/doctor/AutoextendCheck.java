package safeup.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.config.Config;
import safeup.console.Sizes;
import safeup.core.set.PlannedSnapshot;
import safeup.lvm.LogicalVolume;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * LVM's autoextend settings and dmeventd's monitoring, and what they mean for safeup's snapshots:
 * with autoextend off a thick snapshot keeps its size and is lost when an update writes more; with
 * it on, it grows only while dmeventd monitors it.
 */
final class AutoextendCheck implements Check {
  /** A thick snapshot smaller than this, never grown, may not hold a large update. */
  static final long SMALL_SNAPSHOT = 1L << 30;

  private static final String LVM_CONF = "/etc/lvm/lvm.conf";

  @Override
  public String name() {
    return "autoextend";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    Map<String, Integer> settings = lvmconfig(context);
    Optional<List<LogicalVolume>> members = context.membersIfKnown();
    boolean thick = members.map(m -> m.stream().anyMatch(v -> !v.isThin())).orElse(true);
    boolean thin = members.map(m -> m.stream().anyMatch(LogicalVolume::isThin)).orElse(false);
    List<Finding> findings = new ArrayList<>();
    if (thick) {
      findings.add(thick(context, settings));
    }
    if (thin) {
      findings.add(thin(context, settings));
    }
    return findings;
  }

  private Finding thick(DoctorContext context, Map<String, Integer> settings) {
    int threshold = settings.getOrDefault("snapshot_autoextend_threshold", 100);
    int percent = settings.getOrDefault("snapshot_autoextend_percent", 20);
    Config config = context.configForChecks();
    if (threshold < 100 && percent > 0) {
      return monitored(
          context,
          settings,
          "thick snapshots grow by " + percent + "% when " + threshold + "% full");
    }
    String off =
        "snapshot autoextend is off (activation/snapshot_autoextend_threshold = " + threshold + ")";
    if (config.snapshotSize().toString().equalsIgnoreCase("100%ORIGIN")) {
      return Finding.pass(
          name(), off + "; not needed: SnapshotSize = 100%ORIGIN can never overflow");
    }
    Optional<PlannedSnapshot> smallest =
        context.planIfKnown().orElse(List.of()).stream()
            .filter(p -> p.size() != null)
            .min(Comparator.comparingLong(PlannedSnapshot::bytes));
    if (smallest.isEmpty()) {
      return Finding.pass(
          name(),
          off
              + ": each thick snapshot keeps its size (SnapshotSize = "
              + config.snapshotSize()
              + "); an update that writes more invalidates it, and then cannot be rolled back");
    }
    PlannedSnapshot p = smallest.get();
    String keeps =
        ": the snapshot of "
            + p.origin().name()
            + " stays at "
            + Sizes.human(p.bytes())
            + " (SnapshotSize = "
            + p.size()
            + "), and an update that writes more invalidates it: no rollback then";
    if (p.bytes() < SMALL_SNAPSHOT) {
      return Finding.warn(
          name(),
          off + keeps,
          "set a larger SnapshotSize in "
              + context.configFile()
              + ", or snapshot_autoextend_threshold = 70 in "
              + LVM_CONF
              + " to let dmeventd grow it");
    }
    return Finding.pass(name(), off + keeps);
  }

  private Finding thin(DoctorContext context, Map<String, Integer> settings) {
    int threshold = settings.getOrDefault("thin_pool_autoextend_threshold", 100);
    int percent = settings.getOrDefault("thin_pool_autoextend_percent", 20);
    if (threshold < 100 && percent > 0) {
      return monitored(
          context, settings, "thin pools grow by " + percent + "% when " + threshold + "% full");
    }
    return Finding.pass(
        name(),
        "thin pool autoextend is off (activation/thin_pool_autoextend_threshold = "
            + threshold
            + "): pools keep their size; 'thin pool' shows their headroom");
  }

  /** Autoextend is configured: it works only while dmeventd monitors the volumes. */
  private Finding monitored(DoctorContext context, Map<String, Integer> settings, String what) {
    if (settings.getOrDefault("monitoring", 1) == 0) {
      return Finding.warn(
          name(),
          what + " is set, but activation/monitoring = 0, so nothing extends them",
          "set monitoring = 1 in the activation section of " + LVM_CONF);
    }
    String dmeventd = dmeventd(context);
    if (!dmeventd.equals("active")) {
      return Finding.warn(
          name(),
          what + " is set, but dmeventd is not running (dm-event.socket: " + dmeventd + ")",
          "run: systemctl enable --now dm-event.socket");
    }
    return Finding.pass(
        name(),
        what
            + " (dmeventd monitors them: dm-event active); it looks about every 10 s, so a burst"
            + " of writes can still overflow a small snapshot");
  }

  private Map<String, Integer> lvmconfig(DoctorContext context) {
    ProcessResult result;
    try {
      result =
          context
              .machine()
              .processes()
              .query(
                  List.of(
                      "lvmconfig",
                      "--typeconfig",
                      "full",
                      "activation/snapshot_autoextend_threshold",
                      "activation/snapshot_autoextend_percent",
                      "activation/monitoring",
                      "activation/thin_pool_autoextend_threshold",
                      "activation/thin_pool_autoextend_percent"));
    } catch (ProgramNotFoundException e) {
      throw new Unavailable(
          Verdict.FAIL,
          "LVM's tools are missing: " + e.getMessage(),
          "install them: pacman -S lvm2");
    }
    if (!result.succeeded()) {
      throw new Unavailable(
          Verdict.WARN, "lvmconfig failed: " + result.lastMessage(), "check " + LVM_CONF);
    }
    Map<String, Integer> settings = new HashMap<>();
    for (String line : result.stdout().lines().toList()) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        try {
          settings.put(
              line.substring(0, eq).strip(), Integer.parseInt(line.substring(eq + 1).strip()));
        } catch (NumberFormatException e) {
          // not a number: the default stands
        }
      }
    }
    return settings;
  }

  /** "active" when dm-event's socket or service is; otherwise what systemd says. */
  private static String dmeventd(DoctorContext context) {
    ProcessResult result;
    try {
      result =
          context
              .machine()
              .processes()
              .query(List.of("systemctl", "is-active", "dm-event.socket", "dm-event.service"));
    } catch (ProgramNotFoundException e) {
      return "unknown, no systemctl";
    }
    List<String> states = result.stdout().lines().map(String::strip).toList();
    if (states.contains("active")) {
      return "active";
    }
    return states.isEmpty() ? "unknown" : states.get(0);
  }
}
