package safeup.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import safeup.files.FileGateway;
import safeup.files.RunLock;
import safeup.lvm.LogicalVolume;
import safeup.lvm.Lvm;
import safeup.lvm.LvmException;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanPaths;
import safeup.pacman.PacmanPathsResolver;
import safeup.process.ProcessGateway;
import safeup.process.ProgramNotFoundException;
import safeup.system.Host;
import safeup.system.MountTable;
import safeup.system.Signals;

/**
 * The machine safeup works on, as the core sees it: every way out to the system in one place, so
 * that tests can give fakes; and what every service reads from it, each read refused with what to
 * do when it cannot be made.
 *
 * @param trail safeup's entries in the journal
 * @param pacmanConf where pacman keeps its files, asked once per pacman.conf in a run
 */
public record Machine(
    ProcessGateway processes,
    FileGateway files,
    Lvm lvm,
    Host host,
    Supplier<MountTable> mounts,
    Path runLock,
    Clock clock,
    Signals signals,
    AuditTrail trail,
    PacmanPathsResolver pacmanConf) {

  /** The lock that keeps two safeup runs from working on the same volumes; refused when taken. */
  public RunLock lockRun() {
    return tryLockRun()
        .orElseThrow(
            () ->
                new SafeupException(
                    ExitCode.REFUSED,
                    "another safeup is running (it holds " + runLock + "); wait for it to finish"));
  }

  /**
   * The run lock, or empty when another safeup holds it; a refusal when its directory or file is
   * one another user could hold or replace.
   */
  public Optional<RunLock> tryLockRun() {
    try {
      return files.tryLock(runLock);
    } catch (RunLock.UnsafeLockException e) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "safeup's run lock cannot be trusted: "
              + e.getMessage()
              + ", so another user could hold it or replace it; remove it (rm -r "
              + runLock.getParent()
              + ") and run safeup again, which makes it anew for root alone");
    }
  }

  /** Refuses unless safeup runs as root. */
  public void requireRoot(String what) {
    if (!host.isRoot()) {
      throw new SafeupException(
          ExitCode.REFUSED, "safeup must run as root to " + what + " (try: sudo safeup ...)");
    }
  }

  /** Every LV, or a refusal that says why they cannot be listed. */
  public List<LogicalVolume> listVolumes() {
    try {
      return lvm.volumes();
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "LVM's tools are missing: " + e.getMessage() + "; install them with: pacman -S lvm2");
    } catch (LvmException e) {
      throw new SafeupException(ExitCode.REFUSED, e.getMessage());
    }
  }

  /** Where pacman keeps its files for {@code invocation}; a refusal when pacman is missing. */
  public PacmanPaths pacmanPaths(PacmanInvocation invocation) {
    try {
      return pacmanConf.resolve(invocation);
    } catch (ProgramNotFoundException e) {
      throw new SafeupException(
          ExitCode.REFUSED, e.getMessage() + "; is pacman installed? (pacman-conf is part of it)");
    }
  }

  /** This system's snapshot sets, read after a flush so that fill levels and validity are true. */
  public List<SnapshotSet> ourSets() {
    String machineId = machineId();
    PageCache.flush(processes);
    return SnapshotSets.of(listVolumes(), machineId);
  }

  /**
   * This system's machine-id, which tells its sets from those of another system sharing the volume
   * group; a refusal when it is unknown, as then any set could be another system's.
   */
  public String machineId() {
    String id = host.machineId();
    if (id.isEmpty()) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "/etc/machine-id is missing, empty or invalid, so safeup cannot tell this system's"
              + " snapshot sets from those of another system sharing the volume group; create"
              + " it with: systemd-machine-id-setup");
    }
    return id;
  }
}
