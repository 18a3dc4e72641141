package safeup.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.boot.BootSetup;
import safeup.core.trial.TrialCheck;
import safeup.core.trial.TrialStart;
import safeup.core.unattended.BootRollback;
import safeup.core.unattended.BootSnapshot;

/**
 * {@code safeup boot}: snapshot sets taken at boot, rollbacks chosen in the boot menu, and trial
 * boots.
 */
@Command(
    name = "boot",
    mixinStandardHelpOptions = true,
    description = {
      "Snapshot sets taken at boot, rolling back from the boot menu, and trial boots.",
      "'enable' installs safeup-snapshot.target (the usual system, with a set taken at boot),"
          + " safeup-rollback.target (roll the pending set back, then reboot), GRUB's menu"
          + " script /etc/grub.d/41_safeup, whose entries boot them with systemd.unit=, and"
          + " safeup-trial.service and safeup-trial-check.service, which make every boot while"
          + " a set is pending a trial of it."
    },
    subcommands = {
      BootCommand.Enable.class,
      BootCommand.Disable.class,
      BootCommand.Status.class,
      BootCommand.Snapshot.class,
      BootCommand.Rollback.class,
      BootCommand.Trial.class,
      BootCommand.TrialCheckCommand.class
    })
final class BootCommand implements Runnable {
  @ParentCommand SafeupCommand safeup;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "boot needs a command: enable, disable, status, snapshot, rollback, trial or"
            + " trial-check");
  }

  private BootSetup setup(RootOption root) {
    Console console = safeup.console();
    return new BootSetup(safeup.machine(console), console, root.root);
  }

  /** {@code --root DIR}, shared by the commands that write or read the installed files. */
  static final class RootOption {
    @Option(
        names = "--root",
        paramLabel = "DIR",
        description = "Install under DIR instead of / (for images and tests; systemd is not told).")
    Path root = Path.of("/");
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description =
          "Install the boot-time units and GRUB's menu script (idempotent); with --dry-run, show"
              + " every file and its contents.")
  static final class Enable implements Callable<Integer> {
    @ParentCommand BootCommand boot;
    @picocli.CommandLine.Mixin RootOption root;

    @Override
    public Integer call() {
      boot.setup(root).enable();
      return 0;
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Remove exactly the files 'enable' installed.")
  static final class Disable implements Callable<Integer> {
    @ParentCommand BootCommand boot;
    @picocli.CommandLine.Mixin RootOption root;

    @Override
    public Integer call() {
      boot.setup(root).disable();
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show whether each boot-time file is installed and up to date.")
  static final class Status implements Callable<Integer> {
    @ParentCommand BootCommand boot;
    @picocli.CommandLine.Mixin RootOption root;

    @Override
    public Integer call() {
      boot.setup(root).status().forEach(boot.safeup.console()::line);
      return 0;
    }
  }

  @Command(
      name = "snapshot",
      mixinStandardHelpOptions = true,
      description =
          "Take a snapshot set now, tagged as taken at boot (run by safeup-snapshot.service);"
              + " none while a set is pending.")
  static final class Snapshot implements Callable<Integer>, ChangesSets {
    @ParentCommand BootCommand boot;

    @Override
    public Integer call() {
      SafeupCommand safeup = boot.safeup;
      Console console = safeup.console();
      new BootSnapshot(safeup.machine(console), safeup.config(), safeup.configFile, console).take();
      return 0;
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Roll the newest pending set back, with /boot, and reboot (run by"
              + " safeup-rollback.service); with none, start the usual system.")
  static final class Rollback implements Callable<Integer>, ChangesSets {
    @ParentCommand BootCommand boot;

    @Override
    public Integer call() {
      SafeupCommand safeup = boot.safeup;
      Console console = safeup.console();
      new BootRollback(safeup.machine(console), safeup.configForDecision(console), console).run();
      return 0;
    }
  }

  @Command(
      name = "trial",
      mixinStandardHelpOptions = true,
      description =
          "Count this boot as a trial of the pending set (run early in every boot by"
              + " safeup-trial.service); once TrialBoots trials failed, roll the set back and"
              + " reboot.")
  static final class Trial implements Callable<Integer>, ChangesSets {
    @ParentCommand BootCommand boot;

    @Override
    public Integer call() {
      SafeupCommand safeup = boot.safeup;
      Console console = safeup.console();
      new TrialStart(safeup.machine(console), safeup.configForDecision(console), console).run();
      return 0;
    }
  }

  @Command(
      name = "trial-check",
      mixinStandardHelpOptions = true,
      description =
          "Run the health checks and record this boot's trial as good or failed (run by"
              + " safeup-trial-check.service once the system is up).")
  static final class TrialCheckCommand implements Callable<Integer>, ChangesSets {
    @ParentCommand BootCommand boot;

    @Override
    public Integer call() {
      SafeupCommand safeup = boot.safeup;
      Console console = safeup.console();
      new TrialCheck(safeup.machine(console), safeup.configForDecision(console), console).run();
      return 0;
    }
  }
}
