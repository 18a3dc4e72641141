package safeup.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import safeup.config.Config;
import safeup.core.Machine;

/**
 * {@code safeup doctor}: whether safeup can protect this system, as a list of findings. Nothing is
 * changed; what needs root is reported as not checked when safeup does not run as root.
 */
public final class Doctor {

  /** The checks, in the order they are shown. */
  private static final List<Check> CHECKS =
      List.of(
          new ConfigCheck(),
          new RootOnLvmCheck(),
          new BootCheck(),
          new WrittenFilesystemsCheck(),
          new InitramfsCheck(),
          new MkinitcpioHooksCheck(),
          new SnapshotRoomCheck(),
          new CopyOnWriteCheck(),
          new ThinPoolCheck(),
          new AutoextendCheck(),
          new ShutdownCheck(),
          new TrialBootsCheck(),
          new SnapshotSetsCheck());

  private final DoctorContext context;

  /**
   * @param config reads the configuration file, throwing {@link safeup.config.ConfigException} when
   *     it is bad
   */
  public Doctor(Machine machine, Supplier<Config> config, Path configFile) {
    this.context = new DoctorContext(machine, config, configFile);
  }

  /** Runs every check. */
  public List<Finding> examine() {
    List<Finding> findings = new ArrayList<>();
    for (Check check : CHECKS) {
      context.running(check.name());
      List<Finding> found;
      try {
        found = check.run(context);
      } catch (Unavailable e) {
        found = List.of(e.as(check.name()));
      }
      if (found.stream().anyMatch(f -> f.verdict() == Verdict.FAIL)) {
        context.failed(check.name());
      }
      findings.addAll(found);
    }
    return findings;
  }
}
