package safeup.core.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import safeup.pacman.LocalDatabase;
import safeup.pacman.PackageChange;
import safeup.pacman.PacmanLog;
import safeup.pacman.PacmanPaths;

/**
 * What pacman changed, from two witnesses: the lines it appended to its log, and its local database
 * read before and after it ran. The log can be elsewhere, unwritable or on a full disk; so when
 * either witness cannot be read, or the database changed while the log says nothing, the system may
 * have changed, and the snapshot set stays.
 *
 * @param changes the packages changed: the log's, or the database's when the log names none
 * @param started the log shows a transaction (or its hooks) starting
 * @param unfinished the log was read and does not show a transaction completing
 * @param doubts why the witnesses cannot be trusted to say "nothing changed"
 */
record WhatChanged(
    List<PackageChange> changes, boolean started, boolean unfinished, List<String> doubts) {

  static WhatChanged of(
      Optional<PacmanLog.Transaction> log,
      Optional<LocalDatabase> before,
      Optional<LocalDatabase> after,
      PacmanPaths paths) {
    List<String> doubts = new ArrayList<>();
    Optional<List<PackageChange>> inDatabase =
        before.flatMap(b -> after.map(a -> a.changesSince(b)));
    if (log.isEmpty()) {
      doubts.add("pacman's log " + paths.logFile() + " could not be read");
    }
    if (inDatabase.isEmpty()) {
      doubts.add("pacman's database " + paths.dbPath().resolve("local") + " could not be read");
    }
    List<PackageChange> logged = log.map(PacmanLog.Transaction::changes).orElse(List.of());
    List<PackageChange> changes = logged;
    if (logged.isEmpty() && inDatabase.isPresent() && !inDatabase.get().isEmpty()) {
      changes = inDatabase.get();
      if (log.isPresent()) {
        doubts.add(
            "pacman's log "
                + paths.logFile()
                + " names no package, but its database changed (is LogFile elsewhere, or"
                + " its disk full?)");
      }
    }
    return new WhatChanged(
        changes,
        log.map(PacmanLog.Transaction::started).orElse(false),
        log.map(t -> !t.completed()).orElse(false),
        List.copyOf(doubts));
  }

  /** False only when both witnesses were read and agree that nothing changed. */
  boolean systemMayHaveChanged() {
    return started || !changes.isEmpty() || !doubts.isEmpty();
  }
}
