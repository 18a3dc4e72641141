package safeup.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import safeup.config.Config;
import safeup.config.ConfigException;
import safeup.config.ConfigParser;
import safeup.console.ColorMode;
import safeup.console.Console;
import safeup.core.AuditTrail;
import safeup.core.Machine;
import safeup.core.decision.Decision;
import safeup.files.DryRunFileGateway;
import safeup.files.FileGateway;
import safeup.lvm.LogicalVolume;
import safeup.lvm.LvmCli;
import safeup.pacman.PacmanPathsResolver;
import safeup.process.DryRunProcessGateway;
import safeup.process.ProcessGateway;

/** The top-level command: global options, and the pieces the subcommands are built from. */
@Command(
    name = "safeup",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Snapshot-protected pacman updates on LVM.",
      "",
      "'safeup pacman -Syu' snapshots the root volume (and any other configured volumes),"
          + " runs pacman exactly as asked, shows what changed and asks: keep the update, or"
          + " roll it back and reboot into the old system.",
      "'safeup paru -Syu' (or yay, or another front end listed in FrontEnds) does the same for"
          + " an AUR helper, run as the user who started safeup with sudo."
    },
    footerHeading = "%nFiles:%n",
    footer = {
      "  /etc/safeup.conf   configuration (man 5 safeup.conf)",
      "",
      "See safeup(8) for more."
    })
public final class SafeupCommand implements Callable<Integer>, ChangesSets {
  private final Wiring wiring;

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = Config.DEFAULT_PATH)
  Path configFile;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      description = "Colour output: auto, always or never (default: auto; NO_COLOR is honoured).",
      converter = ColorModeConverter.class,
      defaultValue = "auto")
  ColorMode color;

  @Option(
      names = "--dry-run",
      description =
          "Print every command and file change that would change the system, and change"
              + " nothing.")
  boolean dryRun;

  @Option(
      names = "--then",
      paramLabel = "WHAT",
      converter = DecisionConverter.class,
      description =
          "After pacman: ask, keep, rollback or later (default: ask on a terminal, later"
              + " otherwise).")
  Decision then;

  /** Every LVM this run has used, to tell afterwards whether it looked at LVM at all. */
  private final List<LvmCli> lvms = new ArrayList<>();

  public SafeupCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  /** A front end's name and its arguments (safeup paru -Syu), verbatim. */
  @Unmatched List<String> frontEnd = new ArrayList<>();

  @Override
  public Integer call() {
    if (frontEnd.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "no command given (to update: safeup pacman -Syu)");
    }
    return FrontEndDispatch.run(this, frontEnd);
  }

  Wiring wiring() {
    return wiring;
  }

  /** The configuration; a missing default file means defaults, a missing -c FILE an error. */
  Config config() {
    if (spec.commandLine().getParseResult().hasMatchedOption("--config")
        && !java.nio.file.Files.exists(configFile)) {
      throw new ConfigException(configFile + ": no such file (given with --config)");
    }
    return ConfigParser.read(configFile);
  }

  /**
   * The configuration for a decision (keep or rollback), of which only RebootCommand and
   * PacmanLockWait matter: a broken file must not keep the user from deciding, nor the old system
   * away, so it gives the defaults, with a warning.
   */
  Config configForDecision(Console console) {
    try {
      return config();
    } catch (ConfigException e) {
      console.warning(
          e.getMessage()
              + "; using the defaults (RebootCommand = systemctl reboot, PacmanLockWait = "
              + Config.defaults().pacmanLockWait().toSeconds()
              + ")");
      return Config.defaults();
    }
  }

  Console console() {
    return new Console(
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        colour(),
        dryRun ? "Dry run, nothing done; otherwise: " : "");
  }

  /** Whether output, help included, is coloured: --color, NO_COLOR, TERM and the terminal. */
  boolean colour() {
    ColorMode mode = color == null ? ColorMode.AUTO : color;
    return mode.colorize(wiring.environment(), wiring.terminal());
  }

  /**
   * The machine the core works on. A dry run is this one substitution: gateways that print every
   * change instead of making it.
   */
  Machine machine(Console console) {
    ProcessGateway processes =
        dryRun ? new DryRunProcessGateway(wiring.processes(), console.out()) : wiring.processes();
    FileGateway files =
        dryRun ? new DryRunFileGateway(wiring.files(), console.out()) : wiring.files();
    LvmCli lvm = new LvmCli(processes);
    lvms.add(lvm);
    return new Machine(
        processes,
        files,
        lvm,
        wiring.host(),
        wiring::mounts,
        wiring.runLock(),
        wiring.clock(),
        wiring.signals(),
        new AuditTrail(processes, wiring.host(), console),
        new PacmanPathsResolver(processes));
  }

  /** Whether this run has listed the logical volumes. */
  boolean listedVolumes() {
    return lvms.stream().anyMatch(LvmCli::listed);
  }

  /**
   * The volumes' names and tags as they are, when this run's last listing and its removals since
   * tell them; empty when the run changed LVM otherwise (or through more than one door).
   */
  Optional<List<LogicalVolume>> knownVolumes() {
    List<LvmCli> used = lvms.stream().filter(lvm -> lvm.listed() || lvm.changed()).toList();
    if (used.size() == 1) {
      return used.get(0).namesAndTags();
    }
    if (used.stream().anyMatch(LvmCli::changed)) {
      return Optional.empty();
    }
    return used.stream().reduce((a, b) -> b).flatMap(LvmCli::namesAndTags);
  }

  Decision then() {
    if (then != null) {
      return then;
    }
    return wiring.terminal() ? Decision.ASK : Decision.LATER;
  }
}
