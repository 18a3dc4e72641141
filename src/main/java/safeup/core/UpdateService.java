package safeup.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import safeup.config.Config;
import safeup.console.Console;
import safeup.console.Prompter;
import safeup.console.Sizes;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmException;
import safeup.pacman.DatabaseLock;
import safeup.pacman.PackageChange;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanLog;
import safeup.pacman.PacmanPaths;
import safeup.pacman.PacmanPathsResolver;
import safeup.process.Argv;
import safeup.process.ProgramNotFoundException;
import safeup.system.Mount;
import safeup.system.MountTable;
import safeup.system.RunLock;

/**
 * The update cycle: preflight, snapshot set, pacman, report, decision. A snapshot set is made
 * before pacman starts, so it never contains pacman's lock file.
 */
public final class UpdateService {
  private static final DateTimeFormatter SET_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final double FILL_WARNING = 80.0;
  private static final Pattern KERNEL =
      Pattern.compile("linux(-(?!.*(headers|firmware|docs|tools|api))[a-z0-9-]+)?");

  private final Machine machine;
  private final Config config;
  private final Path configFile;
  private final Console console;
  private final boolean dryRun;

  public UpdateService(
      Machine machine, Config config, Path configFile, Console console, boolean dryRun) {
    this.machine = machine;
    this.config = config;
    this.configFile = configFile;
    this.console = console;
    this.dryRun = dryRun;
  }

  /**
   * Runs pacman with {@code arguments} under a snapshot set and carries out {@code then}.
   *
   * @param prompter opened only after pacman has finished with the terminal
   * @return the process exit code: pacman's when pacman failed
   */
  public int update(List<String> arguments, Decision then, Supplier<Optional<Prompter>> prompter) {
    PacmanInvocation invocation;
    try {
      invocation = PacmanInvocation.of(arguments);
    } catch (IllegalArgumentException e) {
      throw new SafeupException(ExitCode.USAGE, e.getMessage());
    }
    List<String> pacman = pacmanArgv(arguments);
    if (invocation.readOnly()) {
      return runPacman(pacman); // a query changes nothing: no snapshot needed
    }
    Preflight.requireRoot(machine, "snapshot volumes and run pacman");
    try (RunLock lock = RunLocks.acquire(machine)) {
      List<LogicalVolume> volumes = Preflight.listVolumes(machine);
      Preflight.requireNoPendingSet(SnapshotSets.of(volumes, machine.host().machineId()));
      PacmanPaths paths = resolvePaths(invocation);
      String setId = ZonedDateTime.now(machine.clock().withZone(ZoneOffset.UTC)).format(SET_ID);
      List<PlannedSnapshot> plan =
          new Preflight(machine, config, configFile).plan(volumes, paths, setId);
      awaitDatabaseLock(paths);

      PacmanLog log = new PacmanLog(paths.logFile());
      long logOffset = log.size();
      takeSnapshots(plan, setId, Argv.render(pacman), paths);
      requireLockStillFree(paths, setId);
      console.step("Running " + Argv.render(pacman));
      int pacmanCode = runPacman(pacman);
      if (dryRun) {
        console.line("Dry run: nothing was changed.");
        return ExitCode.OK.code();
      }
      try {
        return afterPacman(setId, log.readFrom(logOffset), pacmanCode, then, prompter, paths);
      } catch (RuntimeException e) {
        console.error(
            e.getMessage()
                + "; snapshot set "
                + setId
                + " stays: see 'safeup status', then run 'safeup keep' or 'safeup rollback'");
        return pacmanCode != 0 ? pacmanCode : ExitCode.DECISION_FAILED.code();
      }
    }
  }

  private PacmanPaths resolvePaths(PacmanInvocation invocation) {
    try {
      return new PacmanPathsResolver(machine.processes()).resolve(invocation);
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.REFUSED, e.getMessage() + "; is pacman installed? (pacman-conf is part of it)");
    }
  }

  private int afterPacman(
      String setId,
      PacmanLog.Transaction transaction,
      int pacmanCode,
      Decision then,
      Supplier<Optional<Prompter>> prompter,
      PacmanPaths paths) {
    SnapshotSet set = currentSet(setId);
    if (!transaction.changedSystem()) {
      return discardUnused(set, pacmanCode);
    }
    report(set, transaction, pacmanCode, paths);
    return decide(set, then, prompter, transaction.changes().size(), pacmanCode);
  }

  /**
   * A pacman started between the lock check and the snapshots would have its lock file in them, and
   * pacman would refuse to run after a rollback: then the set goes, and safeup refuses.
   */
  private void requireLockStillFree(PacmanPaths paths, String setId) {
    if (!dryRun && Files.exists(paths.lockFile())) {
      String cleanup = removePartialSet(setId);
      throw new SafeupException(
          ExitCode.REFUSED,
          "another pacman started while the snapshots were taken (it holds "
              + paths.lockFile()
              + "); "
              + cleanup
              + " pacman did not run: try again when it has finished");
    }
  }

  private static List<String> pacmanArgv(List<String> arguments) {
    List<String> argv = new ArrayList<>();
    argv.add("pacman");
    argv.addAll(arguments);
    return List.copyOf(argv);
  }

  private void awaitDatabaseLock(PacmanPaths paths) {
    DatabaseLock lock = new DatabaseLock(paths.lockFile());
    boolean free =
        lock.awaitFree(
            config.pacmanLockWait(),
            file ->
                console.step(
                    "Waiting up to "
                        + config.pacmanLockWait().toSeconds()
                        + " s for pacman's database lock "
                        + file
                        + " (is another pacman running?)"));
    if (!free) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "pacman's database is locked ("
              + paths.lockFile()
              + "); wait for the other pacman to finish, or, if none is running, remove the"
              + " stale lock: rm "
              + paths.lockFile());
    }
  }

  /** Creates every snapshot, tagged as one set; on any failure removes what was made. */
  private void takeSnapshots(
      List<PlannedSnapshot> plan, String setId, String command, PacmanPaths paths) {
    console.step("Taking snapshot set " + setId);
    List<String> tags =
        SafeupTags.forSnapshot(
            setId,
            machine.host().machineId(),
            plan.size(),
            command,
            Optional.of(paths.logFile().toString()));
    for (PlannedSnapshot p : plan) {
      try {
        machine.lvm().createSnapshot(p.origin().name(), p.name(), p.size(), tags);
      } catch (LvmException | ProgramNotFoundException e) {
        String cleanup = removePartialSet(setId);
        throw new SafeupException(
            ExitCode.SNAPSHOT_FAILED, e.getMessage() + "; " + cleanup + " pacman did not run");
      }
      console.detail(
          p.origin().name().vg()
              + "/"
              + p.name()
              + "  of "
              + p.origin().name()
              + (p.size() == null ? "  (thin)" : "  (" + Sizes.human(p.bytes()) + ")"));
    }
  }

  /** Removes every LV tagged with this set: LVM, not memory, says what was made. */
  private String removePartialSet(String setId) {
    try {
      List<SnapshotSet> sets = SnapshotSets.of(machine.lvm().volumes(), machine.host().machineId());
      for (SnapshotSet set : sets) {
        if (set.id().equals(setId)) {
          new Decisions(machine, config, console).remove(set);
          return "the snapshots already made were removed;";
        }
      }
      return "no snapshot was left behind;";
    } catch (RuntimeException e) {
      console.error("could not remove the partial snapshot set " + setId + ": " + e.getMessage());
      return "snapshot set " + setId + " is incomplete: remove it with 'safeup keep';";
    }
  }

  private int runPacman(List<String> pacman) {
    try {
      return machine.processes().attached(pacman);
    } catch (ProgramNotFoundException e) {
      console.error("pacman was not found on PATH");
      return 127;
    }
  }

  private SnapshotSet currentSet(String setId) {
    return Preflight.ourSets(machine).stream()
        .filter(s -> s.id().equals(setId))
        .findFirst()
        .orElseThrow(
            () ->
                new SafeupException(
                    ExitCode.INTERNAL,
                    "snapshot set " + setId + " disappeared while pacman ran ('lvs' lists LVs)"));
  }

  /** Nothing changed: the set protects nothing, so it goes. */
  private int discardUnused(SnapshotSet set, int pacmanCode) {
    String why =
        pacmanCode == 0
            ? "pacman changed nothing"
            : "pacman exited with " + pacmanCode + " before changing anything";
    console.step("Nothing to protect: " + why + "; removing snapshot set " + set.id());
    try {
      new Decisions(machine, config, console).remove(set);
    } catch (SafeupException e) {
      console.error(e.getMessage());
      return pacmanCode != 0 ? pacmanCode : e.exitCode().code();
    }
    console.line("Snapshot set " + set.id() + " removed; the system is as it was.");
    return pacmanCode;
  }

  private void report(
      SnapshotSet set, PacmanLog.Transaction transaction, int pacmanCode, PacmanPaths paths) {
    if (pacmanCode != 0) {
      console.warning(
          "pacman exited with "
              + pacmanCode
              + " after the transaction started; snapshot set "
              + set.id()
              + " is kept so that you can roll back");
    }
    console.step("Packages changed (" + transaction.changes().size() + "):");
    for (PackageChange change : transaction.changes()) {
      console.detail(change.toString());
    }
    if (!transaction.completed()) {
      console.warning("the transaction did not complete: the system may be half-updated");
    }
    console.step("Snapshot set " + set.id() + ":");
    for (LogicalVolume snapshot : set.snapshots()) {
      console.detail(SnapshotFill.describe(snapshot));
      if (snapshot.fillPercent() != null
          && snapshot.fillPercent() >= FILL_WARNING
          && !snapshot.isThin()) {
        console.warning(
            snapshot.name()
                + " is "
                + Math.round(snapshot.fillPercent())
                + "% full; decide soon: when it overflows the rollback is lost");
      }
    }
    warnIfKernelOutsideSet(set, transaction, paths);
  }

  /**
   * A kernel update writes to /boot; a separate /boot outside the set keeps the new kernel after a
   * rollback, next to the old modules.
   */
  private void warnIfKernelOutsideSet(
      SnapshotSet set, PacmanLog.Transaction transaction, PacmanPaths paths) {
    Optional<PackageChange> kernel =
        transaction.changes().stream().filter(c -> KERNEL.matcher(c.name()).matches()).findFirst();
    if (kernel.isEmpty()) {
      return;
    }
    MountTable mounts = machine.mounts().get();
    Optional<Mount> boot = mounts.holding(paths.root().resolve("boot"));
    if (boot.isEmpty() || boot.equals(mounts.holding(paths.root()))) {
      return;
    }
    List<LogicalVolume> volumes = Preflight.listVolumes(machine);
    boolean inSet =
        set.snapshots().stream()
            .map(SnapshotSet::originOf)
            .flatMap(origin -> volumes.stream().filter(v -> v.name().equals(origin)))
            .anyMatch(
                v ->
                    v.kernelMajor() == boot.get().major() && v.kernelMinor() == boot.get().minor());
    if (!inSet) {
      console.warning(
          kernel.get().name()
              + " changed, and "
              + boot.get().mountPoint()
              + " ("
              + boot.get().source()
              + ") is not in the snapshot set: a rollback keeps the new kernel there beside the"
              + " old modules. Keep a fallback boot entry, or reinstall "
              + kernel.get().name()
              + " after a rollback");
    }
  }

  private int decide(
      SnapshotSet set,
      Decision then,
      Supplier<Optional<Prompter>> prompter,
      int changes,
      int pacmanCode) {
    Decision decision = then;
    if (decision == Decision.ASK) {
      decision =
          prompter
              .get()
              .map(p -> new DecisionPrompt(console, p).ask(changes))
              .orElse(Decision.LATER);
    }
    try {
      Decisions decisions = new Decisions(machine, config, console);
      switch (decision) {
        case KEEP -> decisions.keep(set);
        case ROLLBACK -> decisions.rollback(set, true);
        default ->
            console.line(
                "Snapshot set "
                    + set.id()
                    + " stays pending. Decide later with 'safeup keep' or 'safeup rollback'.");
      }
    } catch (SafeupException e) {
      console.error(e.getMessage());
      return pacmanCode != 0 ? pacmanCode : e.exitCode().code();
    }
    return pacmanCode;
  }
}
