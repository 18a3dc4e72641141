package safeup.core.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import safeup.config.Config;
import safeup.console.Console;
import safeup.console.Prompter;
import safeup.core.BootPutBackRecord;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.PacmanIdle;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.SnapshotSets;
import safeup.core.boot.BootMenuFlag;
import safeup.core.boot.BootSave;
import safeup.core.boot.BootSaves;
import safeup.core.decision.Decision;
import safeup.core.decision.FinishedRollbacks;
import safeup.core.set.AutoSnapshotSize;
import safeup.core.set.PlannedSnapshot;
import safeup.core.set.SetPlanner;
import safeup.core.set.SetRemover;
import safeup.core.set.SnapshotTaker;
import safeup.core.set.SnapshotWatch;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.pacman.LocalDatabase;
import safeup.pacman.PacmanLog;
import safeup.pacman.PacmanPaths;
import safeup.process.Argv;
import safeup.process.ProgramNotFoundException;
import safeup.system.Signals;

/**
 * The update cycle: preflight, snapshot set, pacman, report, decision. A snapshot set is made
 * before pacman starts, so it never contains pacman's lock file.
 */
public final class UpdateService {

  private final Machine machine;
  private final Config config;
  private final Path configFile;
  private final Console console;
  private final SnapshotTaker snapshots;

  public UpdateService(Machine machine, Config config, Path configFile, Console console) {
    this.machine = machine;
    this.config = config;
    this.configFile = configFile;
    this.console = console;
    this.snapshots = new SnapshotTaker(machine, console);
  }

  /**
   * Runs pacman with {@code arguments} under a snapshot set and carries out {@code then}.
   *
   * @param prompter opened only after pacman has finished with the terminal
   * @return the process exit code: pacman's when pacman failed
   */
  public int update(List<String> arguments, Decision then, Supplier<Optional<Prompter>> prompter) {
    return update(UpdateRun.pacman(arguments), then, prompter);
  }

  /**
   * Runs pacman, or a front end that calls it, under one snapshot set and carries out {@code then}.
   *
   * @return the process exit code: pacman's (or the front end's) when it failed
   */
  public int update(UpdateRun run, Decision then, Supplier<Optional<Prompter>> prompter) {
    if (run.readOnly()) {
      return runPacman(run); // a query changes nothing: no snapshot needed
    }
    machine.requireRoot("snapshot volumes and run pacman");
    try (RunLock lock = machine.lockRun()) {
      Protection protection = protect(run);
      int pacmanCode = runWatched(run, protection.setId());
      protection.boot().ifPresent(this::recordWhatTheUpdateLeft);
      endCleanlyOnTermOrHup(protection.setId());
      return settle(protection, pacmanCode, then, prompter);
    }
  }

  /**
   * What protects pacman's run: the set, the copy of /boot, and the witnesses of what pacman
   * changes (where its log ends, its database before).
   */
  private record Protection(
      String setId,
      PacmanPaths paths,
      PacmanLog log,
      long logOffset,
      Optional<BootSave> boot,
      Optional<LocalDatabase> before) {}

  /** The checks, the plan and the set, taken once pacman's database is free. */
  private Protection protect(UpdateRun run) {
    List<LogicalVolume> volumes = machine.listVolumes();
    new FinishedRollbacks(machine, console).record(volumes);
    List<SnapshotSet> sets = SnapshotSets.of(volumes, machine.machineId());
    BootPutBackRecord.requireNoneUnfinished(
        volumes, sets, machine.machineId(), "pacman did not run");
    requireNoPendingSet(sets);
    PacmanPaths paths = machine.pacmanPaths(run.invocation());
    String setId = SnapshotSet.newId(machine.clock());
    List<PlannedSnapshot> plan =
        new SetPlanner(machine, config, configFile).plan(volumes, paths, setId);
    if (config.snapshotSize().isAuto()) {
      plan = AutoSnapshotSize.resolve(machine, console, plan, run.invocation(), paths);
    }
    PacmanIdle.await(console, paths, config.pacmanLockWait(), "pacman did not run");
    PacmanLog log = new PacmanLog(paths.logFile());
    long logOffset = log.size();
    Optional<BootSave> boot = BootSaves.saveBeforeSnapshots(machine, console, paths.root(), setId);
    try {
      snapshots.take(plan, setId, run.shown(), paths.logFile(), boot, Optional.empty());
      requireLockStillFree(paths, setId);
      Optional<LocalDatabase> before = LocalDatabase.read(paths.dbPath());
      snapshots.requireNotInterrupted(setId);
      // before pacman: a power cut in the middle of it leaves the menu's rollback entry there
      new BootMenuFlag(machine, console, paths.root()).set(setId, config.trialBoots());
      return new Protection(setId, paths, log, logOffset, boot, before);
    } catch (RuntimeException e) {
      boot.ifPresent(save -> new SetRemover(machine, console).discardBootSave(save.location()));
      throw e;
    }
  }

  /** Runs pacman while the set is watched (and grown), then says what grew. */
  private int runWatched(UpdateRun run, String setId) {
    console.step("Running " + Argv.render(run.argv()));
    SnapshotWatch watch = SnapshotWatch.start(machine, console, setId, config.extendAt());
    int pacmanCode;
    try {
      pacmanCode = runPacman(run);
    } finally {
      watch.close(); // grows the snapshots while pacman runs; stops on every way out
    }
    watch.growth().forEach(console::step);
    return pacmanCode;
  }

  /**
   * Records what pacman left in /boot, so that a rollback puts back those files only; without the
   * record it puts back every difference from the copy.
   */
  private void recordWhatTheUpdateLeft(BootSave boot) {
    try {
      boot.recordFootprint();
    } catch (RuntimeException e) {
      console.warning(
          e.getMessage()
              + "; a rollback will put back every difference from the copy of /boot, including"
              + " what another system writes there meanwhile");
    }
  }

  /** Reads what pacman changed and settles the set; a failure there leaves the set pending. */
  private int settle(
      Protection protection, int pacmanCode, Decision then, Supplier<Optional<Prompter>> prompter) {
    PacmanPaths paths = protection.paths();
    try {
      WhatChanged changed =
          WhatChanged.of(
              protection.log().readFrom(protection.logOffset()),
              protection.before(),
              LocalDatabase.read(paths.dbPath()),
              paths);
      return new AfterPacman(machine, config, console)
          .settle(
              protection.setId(),
              changed,
              pacmanCode,
              then,
              prompter,
              paths.root(),
              protection.boot());
    } catch (RuntimeException e) {
      console.error(
          e.getMessage()
              + "; snapshot set "
              + protection.setId()
              + " stays: see 'safeup status', then run 'safeup keep' or 'safeup rollback'");
      return pacmanCode != 0 ? pacmanCode : ExitCode.DECISION_FAILED.code();
    }
  }

  /**
   * A pacman started between the lock check and the snapshots would have its lock file in them, and
   * pacman would refuse to run after a rollback: then the set goes, and safeup refuses.
   */
  private void requireLockStillFree(PacmanPaths paths, String setId) {
    if (Files.exists(paths.lockFile())) {
      throw snapshots.giveUp(
          setId,
          ExitCode.REFUSED,
          "another pacman started while the snapshots were taken (it holds "
              + paths.lockFile()
              + ")",
          "pacman did not run: try again when it has finished");
    }
  }

  /**
   * After pacman, TERM or HUP (a kill, a closed terminal) end safeup at once, leaving the set
   * pending, and say so. INT stays ignored: Ctrl-C meant for pacman may be delivered late.
   */
  private void endCleanlyOnTermOrHup(String setId) {
    machine
        .signals()
        .handle(
            List.of("TERM", "HUP"),
            signal -> {
              console.error(
                  "SIG"
                      + signal
                      + " received: snapshot set "
                      + setId
                      + " stays pending; decide with 'safeup keep' or 'safeup rollback'");
              machine.signals().exit(Signals.exitCode(signal));
            });
  }

  private int runPacman(UpdateRun run) {
    // Ctrl-C goes to the whole foreground group, and a lost terminal hangs it up: pacman handles
    // those; safeup carries on after it.
    machine.signals().handle(Signals.ENDING, signal -> {});
    try {
      return machine.processes().attached(run.argv());
    } catch (ProgramNotFoundException e) {
      console.error(run.argv().get(0) + " was not found on PATH");
      return ExitCode.NOT_FOUND.code();
    }
  }

  /** Refuses when an earlier set is still undecided, saying what to do with it. */
  private static void requireNoPendingSet(List<SnapshotSet> sets) {
    if (!sets.isEmpty()) {
      SnapshotSet set = sets.get(0);
      throw new SafeupException(
          ExitCode.PENDING,
          "snapshot set "
              + set.id()
              + " is still undecided ("
              + set.state()
              + "); first: "
              + set.next()
              + " ('safeup status' shows it)");
    }
  }
}
