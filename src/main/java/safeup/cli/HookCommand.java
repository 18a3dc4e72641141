package safeup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import safeup.console.Console;
import safeup.core.unattended.HookSettled;
import safeup.core.unattended.HookSnapshot;
import safeup.core.unattended.RollbackGuard;

/** {@code safeup hook}: what pacman's hooks run before a transaction. */
@Command(
    name = "hook",
    mixinStandardHelpOptions = true,
    description = {
      "What safeup's pacman hooks run before each transaction (see alpm-hooks(5));"
          + " they never ask, as a hook has no terminal.",
      "'guard' refuses the transaction while a rollback is scheduled; 'snapshot' takes a"
          + " snapshot set, unless safeup started this pacman (then its set covers it), a set is"
          + " pending, or "
          + HookSnapshot.SKIP_VARIABLE
          + " is set. 'settled' runs after each transaction: it records what the transaction"
          + " left in /boot for the pending set, so that a rollback puts back only that."
    },
    subcommands = {HookCommand.Guard.class, HookCommand.Snapshot.class, HookCommand.Settled.class})
final class HookCommand implements Runnable {
  @ParentCommand SafeupCommand safeup;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "hook needs a command: guard, snapshot or settled");
  }

  @Command(
      name = "guard",
      mixinStandardHelpOptions = true,
      description =
          "Refuse (exit 3) while a rollback is scheduled: the merge at the next boot would undo"
              + " the transaction.")
  static final class Guard implements Callable<Integer> {
    @ParentCommand HookCommand hook;

    @Override
    public Integer call() {
      Console console = hook.safeup.console();
      new RollbackGuard(hook.safeup.machine(console), console).check();
      return 0;
    }
  }

  @Command(
      name = "snapshot",
      mixinStandardHelpOptions = true,
      description =
          "Take a snapshot set before the transaction (tagged as taken by the hook), with"
              + " pacman's lock file removed from it; decide it later with keep or rollback.")
  static final class Snapshot implements Callable<Integer>, ChangesSets {
    @ParentCommand HookCommand hook;

    @Override
    public Integer call() {
      SafeupCommand safeup = hook.safeup;
      Console console = safeup.console();
      new HookSnapshot(safeup.machine(console), safeup.config(), safeup.configFile, console)
          .take(safeup.wiring().environment());
      return 0;
    }
  }

  @Command(
      name = "settled",
      mixinStandardHelpOptions = true,
      description =
          "Record what the transaction left in /boot for the pending snapshot set, so that a"
              + " rollback puts back only that; never fails the transaction.")
  static final class Settled implements Callable<Integer> {
    @ParentCommand HookCommand hook;

    @Override
    public Integer call() {
      Console console = hook.safeup.console();
      new HookSettled(hook.safeup.machine(console), console).record();
      return 0;
    }
  }
}
