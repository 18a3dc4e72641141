package safeup.doctor;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import safeup.core.BootPutBackRecord;
import safeup.core.SafeupException;
import safeup.core.SnapshotSet;
import safeup.core.decision.StatusService;
import safeup.core.decision.StatusService.SetStatus;

/**
 * This system's snapshot sets: none left undecided for long (a thick snapshot fills with every
 * write, and the next update is refused while one is pending), none broken or half rolled back.
 */
final class SnapshotSetsCheck implements Check {
  /** A set pending longer than this is worth deciding. */
  static final Duration OLD = Duration.ofDays(3);

  @Override
  public String name() {
    return "snapshot sets";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    if (!context.isRoot()) {
      throw Unavailable.needsRoot("reading LVM's metadata");
    }
    StatusService.Report report;
    try {
      report = new StatusService(context.machine()).report();
    } catch (SafeupException e) {
      throw new Unavailable(Verdict.FAIL, e.getMessage(), "");
    }
    List<SetStatus> sets = report.sets();
    if (sets.isEmpty() && report.unfinished().isEmpty()) {
      return List.of(Finding.pass(name(), "no snapshot set is pending"));
    }
    OffsetDateTime now = OffsetDateTime.now(context.machine().clock());
    List<Finding> findings = new ArrayList<>();
    for (BootPutBackRecord unfinished : report.unfinished()) {
      findings.add(
          Finding.fail(
              name(),
              "snapshot set "
                  + unfinished.setId()
                  + ": its rollback merged, but /boot was not put back: the kernel it boots may"
                  + " not match the modules on the root",
              unfinished.finishingCommand()));
    }
    for (SetStatus status : sets) {
      findings.add(finding(status.set(), status.created(), now));
    }
    return findings;
  }

  private Finding finding(SnapshotSet set, Optional<OffsetDateTime> created, OffsetDateTime now) {
    String id = "snapshot set " + set.id();
    return switch (set.state()) {
      case PENDING -> {
        if (created.isEmpty()) {
          yield Finding.pass(name(), id + " is pending (made at an unknown time)");
        }
        Duration age = Duration.between(created.get(), now);
        String since = id + " has been pending since " + set.created();
        if (age.compareTo(OLD) > 0) {
          yield Finding.warn(
              name(),
              since
                  + " ("
                  + age.toDays()
                  + " days): its snapshots fill with every write and the next update is refused"
                  + " until it is decided",
              set.next());
        }
        yield Finding.pass(name(), since + "; decide when you have tried the update");
      }
      case MERGE_SCHEDULED -> Finding.warn(name(), id + ": " + set.state(), set.next());
      case MERGE_FAILED -> Finding.fail(name(), id + ": " + set.state(), set.next());
      case ROLLBACK_INTERRUPTED ->
          Finding.fail(
              name(),
              id
                  + (set.bootPutBackPending()
                      ? ": its rollback was interrupted before /boot was put back"
                      : ": its rollback was interrupted, some volumes merged"),
              set.next());
      case INVALID, INCOMPLETE -> Finding.warn(name(), id + ": " + set.state(), set.next());
    };
  }
}
