package safeup.core.unattended;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.config.Config;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootMenuFlag;
import safeup.core.decision.FinishedRollbacks;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.process.Argv;

/**
 * {@code safeup hook snapshot}, run by pacman's pre-transaction hook: a snapshot set for a pacman
 * that safeup did not start (a plain {@code pacman -Syu}, a graphical updater), decided later with
 * {@code safeup keep} or {@code safeup rollback}. It never asks: a hook has no terminal.
 *
 * <p>pacman already holds its database lock when the hook runs, so the snapshot holding the
 * database contains {@code db.lck}; it is removed from that snapshot before pacman goes on, so that
 * pacman works after a rollback.
 */
public final class HookSnapshot {
  /** The reason tag of a set taken by the hook. */
  public static final String REASON = "hook";

  /** Set to any value, it makes the hook take no set. */
  public static final String SKIP_VARIABLE = "SAFEUP_SKIP_HOOK";

  private final Machine machine;
  private final Config config;
  private final Path configFile;
  private final Console console;

  public HookSnapshot(Machine machine, Config config, Path configFile, Console console) {
    this.machine = machine;
    this.config = config;
    this.configFile = configFile;
    this.console = console;
  }

  /**
   * Takes the set, or says why none is needed: the variable is set, the safeup that started this
   * pacman took one, or a pending set already covers the transaction.
   *
   * @return the set taken, if one was
   */
  public Optional<String> take(Map<String, String> environment) {
    String skip = environment.getOrDefault(SKIP_VARIABLE, "");
    if (!skip.isEmpty()) {
      console.line(
          "safeup: " + SKIP_VARIABLE + " is set: no snapshot set protects this transaction");
      return Optional.empty();
    }
    if (removesSafeup(parentArgv())) {
      console.line(
          "safeup: this transaction removes safeup itself: no snapshot set is taken, as no safeup"
              + " would be left to decide it");
      return Optional.empty();
    }
    machine.requireRoot("snapshot volumes");
    Optional<RunLock> acquired = machine.tryLockRun();
    if (acquired.isEmpty()) {
      return underAnotherSafeup();
    }
    try (RunLock lock = acquired.get()) {
      return takeHoldingTheLock();
    }
  }

  /** The run lock is held: fine when its holder started this pacman, a refusal otherwise. */
  private Optional<String> underAnotherSafeup() {
    Optional<Long> holder = RunLock.holder(machine.runLock());
    if (holder.isPresent() && machine.host().ancestors().contains(holder.get())) {
      console.line(
          "safeup: this pacman runs under safeup (process "
              + holder.get()
              + "), whose snapshot set protects the whole run; no second set");
      return Optional.empty();
    }
    throw new SafeupException(
        ExitCode.REFUSED,
        "another safeup is running"
            + holder.map(pid -> " (process " + pid + ")").orElse("")
            + " and holds "
            + machine.runLock()
            + ", so no snapshot set can be taken for this transaction; run pacman again when it"
            + " has finished, or with "
            + SKIP_VARIABLE
            + "=1 to go on without a set");
  }

  private Optional<String> takeHoldingTheLock() {
    List<LogicalVolume> volumes = machine.listVolumes();
    new FinishedRollbacks(machine, console).record(volumes);
    List<SnapshotSet> sets = SnapshotSets.of(volumes, machine.machineId());
    RollbackGuard.requireNoRollbackScheduled(volumes, machine.machineId());
    if (!sets.isEmpty()) {
      coverWithPendingSet(latest(machine.ourSets()));
      return Optional.empty();
    }
    String setId =
        new UnattendedSet(machine, config, configFile, console)
            .take(
                volumes,
                pacmanCommand(),
                REASON,
                (id, paths) -> {
                  new SnapshotLockFile(machine, console).remove(id, paths);
                  new BootMenuFlag(machine, console, paths.root()).set(id, config.trialBoots());
                },
                "pacman did not go on");
    console.success(
        "safeup: snapshot set "
            + setId
            + " taken before this transaction. When you have tried the update: 'safeup keep "
            + setId
            + "', or 'safeup rollback "
            + setId
            + "' to return to the system as it was.");
    return Optional.of(setId);
  }

  /** A pending set covers the transaction; see {@link #requireRollbackable}. */
  private void coverWithPendingSet(SnapshotSet latest) {
    if (mergeFailed(latest)) {
      return;
    }
    SnapshotSet set = requireRollbackable(latest);
    BootMenuFlag.of(machine, console, set)
        .set(set.id(), config.trialBoots()); // the menu offers what covers it
    console.line(
        "safeup: snapshot set "
            + set.id()
            + " is still pending ("
            + set.state()
            + "); it covers this transaction too, so no second set is taken. Decide it with: "
            + set.next());
  }

  /**
   * A rollback whose merge LVM will abort leaves the system as the update left it: pacman goes on
   * without a set, as the way out needs it (see {@link SnapshotSet#next}).
   */
  private boolean mergeFailed(SnapshotSet latest) {
    if (latest.state() != SnapshotSet.State.MERGE_FAILED) {
      return false;
    }
    console.line(
        "safeup: the rollback to snapshot set "
            + latest.id()
            + " failed (a snapshot overflowed before the reboot), so the system stays as the"
            + " update left it and no set is taken for this transaction. Next: "
            + latest.next());
    return true;
  }

  /** The newest of {@code sets}, which are never empty here. */
  private static SnapshotSet latest(List<SnapshotSet> sets) {
    return sets.get(sets.size() - 1);
  }

  /**
   * A pending set covers this transaction only when it can be rolled back; one that cannot
   * (overflowed, incomplete) would leave pacman unprotected, so the transaction is refused with
   * what to do. Its fill was read after a flush: the truth, not the page cache's.
   */
  private static SnapshotSet requireRollbackable(SnapshotSet set) {
    if (!set.mayRollBack()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "snapshot set "
              + set.id()
              + " is pending but cannot be rolled back ("
              + set.state()
              + "), so it cannot protect this transaction, and no second set is taken while it"
              + " is pending. First: "
              + set.next()
              + "; then run pacman again (or with "
              + SKIP_VARIABLE
              + "=1 to go on without a set)");
    }
    return set;
  }

  /**
   * True for a pacman removal ({@code -R...} or {@code --remove}) that names the package safeup
   * among its targets.
   */
  static boolean removesSafeup(List<String> argv) {
    boolean removal =
        argv.stream()
            .skip(1)
            .anyMatch(a -> a.equals("--remove") || a.matches("-[A-Za-z]*R[A-Za-z]*"));
    return removal && argv.stream().skip(1).anyMatch(a -> a.equals("safeup"));
  }

  /** The command line of this hook's parent, pacman; empty when it cannot be read. */
  private List<String> parentArgv() {
    List<Long> ancestors = machine.host().ancestors();
    return ancestors.isEmpty() ? List.of() : machine.host().commandLine(ancestors.get(0));
  }

  /** The pacman command this hook runs under (its parent), for {@code safeup status}. */
  private String pacmanCommand() {
    List<String> argv = new ArrayList<>(parentArgv());
    if (argv.isEmpty()) {
      return "";
    }
    argv.set(0, Path.of(argv.get(0)).getFileName().toString());
    return Argv.render(argv);
  }
}
