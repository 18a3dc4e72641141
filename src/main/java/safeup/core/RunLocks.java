package safeup.core;

import safeup.system.RunLock;

/** Takes the lock that keeps two safeup runs from working on the same volumes. */
final class RunLocks {
  private RunLocks() {}

  static RunLock acquire(Machine machine) {
    return RunLock.tryAcquire(machine.runLock())
        .orElseThrow(
            () ->
                new SafeupException(
                    ExitCode.REFUSED,
                    "another safeup is running (it holds "
                        + machine.runLock()
                        + "); wait for it to finish"));
  }
}
