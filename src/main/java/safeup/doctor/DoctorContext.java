package safeup.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import safeup.config.Config;
import safeup.config.ConfigException;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.set.PacmanFilesystems;
import safeup.core.set.PlannedSnapshot;
import safeup.core.set.SetPlanner;
import safeup.lvm.LogicalVolume;
import safeup.pacman.PacmanInvocation;
import safeup.pacman.PacmanPaths;
import safeup.pacman.PacmanPathsResolver;
import safeup.process.ProgramNotFoundException;

/**
 * What the checks share, each fact found out once: the configuration, the LVs, pacman's paths and
 * the snapshot set an update would take now. A fact that cannot be had throws {@link Unavailable}
 * every time it is asked for.
 */
final class DoctorContext {

  private final Machine machine;
  private final Supplier<Config> configSource;
  private final Path configFile;
  private Lazy<Config> config;
  private Lazy<List<LogicalVolume>> volumes;
  private Lazy<PacmanPaths> paths;
  private Lazy<List<LogicalVolume>> members;
  private Lazy<List<PlannedSnapshot>> plan;
  private final java.util.Set<String> failedChecks = new java.util.HashSet<>();
  private String currentCheck = "";

  /**
   * @param config reads the configuration file; throws {@link ConfigException} when it is bad
   */
  DoctorContext(Machine machine, Supplier<Config> config, Path configFile) {
    this.machine = machine;
    this.configSource = config;
    this.configFile = configFile;
  }

  /** The check now running: a fact that fails is reported as a failure by the first one only. */
  void running(String check) {
    currentCheck = check;
  }

  /** A check reported a failure; facts that depend on what it checked are then not checked. */
  void failed(String check) {
    failedChecks.add(check);
  }

  Machine machine() {
    return machine;
  }

  Path configFile() {
    return configFile;
  }

  /** A system path, such as {@code /etc/mkinitcpio.conf}, under the directory the checks read. */
  Path file(String absolute) {
    return machine.host().onDisk(Path.of(absolute));
  }

  boolean isRoot() {
    return machine.host().isRoot();
  }

  /** The configuration, or the reason it cannot be read ({@link ConfigException}). */
  Config config() {
    if (config == null) {
      config = lazy(configSource::get);
    }
    return config.get();
  }

  /** The configuration for checks that depend on it; unavailable when the file is bad. */
  Config configForChecks() {
    try {
      return config();
    } catch (ConfigException e) {
      throw new Unavailable(
          Verdict.WARN,
          "not checked: the configuration file is not valid (see 'configuration')",
          "correct " + configFile + " first");
    }
  }

  List<LogicalVolume> volumes() {
    if (volumes == null) {
      volumes =
          lazy(
              () -> {
                if (!isRoot()) {
                  throw Unavailable.needsRoot("asking LVM about the volumes");
                }
                try {
                  return machine.listVolumes();
                } catch (SafeupException e) {
                  throw new Unavailable(Verdict.FAIL, e.getMessage(), "");
                }
              });
    }
    return volumes.get();
  }

  /** Where pacman keeps its files, as {@code pacman -Syu} would use them. */
  PacmanPaths paths() {
    if (paths == null) {
      paths =
          lazy(
              () -> {
                try {
                  return new PacmanPathsResolver(machine.processes())
                      .resolve(PacmanInvocation.of(List.of("-Syu")));
                } catch (ProgramNotFoundException e) {
                  throw new Unavailable(
                      Verdict.FAIL, e.getMessage(), "install pacman (pacman-conf is part of it)");
                }
              });
    }
    return paths.get();
  }

  /** The volumes a set would hold now. */
  List<LogicalVolume> members() {
    if (failedChecks.contains(RootOnLvmCheck.NAME)) {
      throw new Unavailable(
          Verdict.WARN,
          "not checked: the volumes to snapshot are unknown while '"
              + RootOnLvmCheck.NAME
              + "' fails",
          "");
    }
    if (members == null) {
      members = lazy(() -> refusalsFail(() -> planner().members(volumes(), paths())));
    }
    return members.get();
  }

  /** The members, or nothing when they cannot be known (for checks that can do without). */
  Optional<List<LogicalVolume>> membersIfKnown() {
    try {
      return Optional.of(members());
    } catch (Unavailable e) {
      return Optional.empty();
    }
  }

  /** The snapshots an update would take now, sized as it would size them. */
  List<PlannedSnapshot> plan() {
    members(); // what keeps the members from being known keeps the plan from being made
    if (plan == null) {
      String setId = SnapshotSet.newId(machine.clock());
      plan = lazy(() -> refusalsFail(() -> planner().plan(volumes(), paths(), setId)));
    }
    return plan.get();
  }

  /** The plan, or nothing when it cannot be made. */
  Optional<List<PlannedSnapshot>> planIfKnown() {
    try {
      return Optional.of(plan());
    } catch (Unavailable e) {
      return Optional.empty();
    }
  }

  /** The filesystems below pacman's root that it writes to, and how each is protected. */
  List<PacmanFilesystems.Written> writtenFilesystems() {
    return refusalsFail(() -> planner().writtenFilesystems(volumes(), paths()));
  }

  private SetPlanner planner() {
    return new SetPlanner(machine, configForChecks(), configFile);
  }

  private static <T> T refusalsFail(Supplier<T> step) {
    try {
      return step.get();
    } catch (SafeupException e) {
      throw new Unavailable(Verdict.FAIL, e.getMessage(), "");
    }
  }

  /**
   * A value found out once. When it failed, the first check to ask reports the failure; later ones
   * report that they could not check, pointing to that first one.
   */
  private final class Lazy<T> {
    private final T value;
    private final RuntimeException failure;
    private String reportedBy;

    private Lazy(T value, RuntimeException failure) {
      this.value = value;
      this.failure = failure;
    }

    T get() {
      if (failure == null) {
        return value;
      }
      if (!(failure instanceof Unavailable unavailable) || unavailable.verdict() != Verdict.FAIL) {
        throw failure;
      }
      if (reportedBy == null || reportedBy.equals(currentCheck)) {
        reportedBy = currentCheck;
        throw failure;
      }
      throw new Unavailable(Verdict.WARN, "not checked: see '" + reportedBy + "'", "");
    }
  }

  private <T> Lazy<T> lazy(Supplier<T> source) {
    try {
      return new Lazy<>(source.get(), null);
    } catch (Unavailable | ConfigException e) {
      return new Lazy<>(null, e);
    }
  }
}
