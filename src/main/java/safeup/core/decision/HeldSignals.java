package safeup.core.decision;

import java.util.concurrent.atomic.AtomicReference;
import safeup.console.Console;
import safeup.core.Machine;
import safeup.system.Signals;

/**
 * INT, TERM and HUP held off while a rollback must not stop: from its first merge to the end of the
 * /boot restore, where stopping would leave the new kernel over the old modules. A signal that came
 * meanwhile ends safeup once that is done, before the reboot.
 */
final class HeldSignals {
  private final Machine machine;
  private final Console console;
  private final AtomicReference<String> received = new AtomicReference<>();

  private HeldSignals(Machine machine, Console console) {
    this.machine = machine;
    this.console = console;
  }

  /**
   * Holds them from now on.
   *
   * @param why what is finished first, for the warning a signal gets
   */
  static HeldSignals hold(Machine machine, Console console, String why) {
    HeldSignals held = new HeldSignals(machine, console);
    machine
        .signals()
        .handle(
            Signals.ENDING,
            name -> {
              if (held.received.compareAndSet(null, name)) {
                console.warning("SIG" + name + " received: " + why + ", then safeup stops");
              }
            });
    return held;
  }

  /**
   * Ends safeup now if a signal came while they were held.
   *
   * @param next what is left for the user to do
   */
  void endIfAsked(String next) {
    String name = received.get();
    if (name != null) {
      console.error("stopped by SIG" + name + " before the reboot: " + next);
      machine.signals().exit(Signals.exitCode(name));
    }
  }
}
